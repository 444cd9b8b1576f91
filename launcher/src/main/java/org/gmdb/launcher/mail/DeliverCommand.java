package org.gmdb.launcher.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.gmdb.mailclient.DeliveryException;
import org.gmdb.mailclient.DeliveryOptions;
import org.gmdb.mailclient.DeliveryReceipt;
import org.gmdb.mailclient.Durability;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.WriteReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gmdb deliver --to a@x [--to b@y] [--durability queued|one|all] < message.eml}: stores
 * the message read from standard input, byte for byte, for each recipient, and prints one
 * line per recipient (its shard, event id, and the replicas that queued and applied it).
 *
 * <p>Caveat: standard input is read whole into memory (up to the client's 50 MiB limit).
 */
@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = "Deliver a message read from standard input to one or more users.")
public final class DeliverCommand implements Callable<Integer> {

    /** Where the message comes from; tests replace it. */
    static InputStream stdin = System.in;

    @Spec
    CommandSpec spec;

    @Mixin
    MailClientOptions client;

    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "A recipient; repeat for more.")
    List<String> recipients;

    @Option(names = "--durability", paramLabel = "LEVEL", defaultValue = "queued",
            description = "queued: in every replica's job queue; one: applied by a replica; all: by every replica"
                    + " (default: ${DEFAULT-VALUE}).")
    Durability durability;

    @Option(names = "--mailbox", paramLabel = "NAME", defaultValue = "INBOX", description = "Default: ${DEFAULT-VALUE}.")
    String mailbox;

    @Option(names = "--flag", paramLabel = "FLAG", description = "A flag to set at delivery, e.g. '\\Seen'; repeatable.")
    Set<String> flags = Set.of();

    @Override
    public Integer call() throws IOException {
        byte[] raw = stdin.readAllBytes();
        PrintWriter out = spec.commandLine().getOut();
        try (MailClient mail = client.open()) {
            DeliveryReceipt receipt;
            try {
                receipt = mail.deliver(recipients, raw, new DeliveryOptions(mailbox, flags), durability).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof DeliveryException d) {
                    print(out, d.receipt());
                }
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            print(out, receipt);
            return 0;
        }
    }

    private static void print(PrintWriter out, DeliveryReceipt receipt) {
        for (WriteReceipt r : receipt.recipients()) {
            out.println((r.durable() ? "ok" : "FAILED") + "\t" + r.user() + "\tshard " + r.shard() + "\tevent "
                    + r.eventId() + "\tqueued " + r.queued() + "\tapplied " + r.applied());
        }
        out.flush();
    }
}
