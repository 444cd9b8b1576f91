package org.gmdb.launcher.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.ReadFrom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gmdb fetch --user U --id ID}: writes the message's raw bytes, exactly as stored, to
 * standard output (nothing else, so {@code > copy.eml} gives the original file).
 */
@Command(name = "fetch", mixinStandardHelpOptions = true, description = "Write a message's raw bytes to standard output.")
public final class FetchCommand implements Callable<Integer> {

    /** Where the bytes go; tests replace it. */
    static OutputStream stdout = System.out;

    @Mixin
    MailClientOptions client;

    @Option(names = "--user", required = true, paramLabel = "ADDRESS")
    String user;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The message id (as 'list' shows it).")
    String id;

    @Option(names = "--replica", paramLabel = "NAME", description = "Ask this replica only (default: any).")
    String replica;

    @Override
    public Integer call() throws IOException {
        UUID message;
        try {
            message = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--id '" + MessageTable.clean(id) + "' is not a message id"
                    + " (expected: a UUID, 8-4-4-4-12 hex digits)", e);
        }
        try (MailClient mail = client.open()) {
            QueryResponse.FetchedMessage fetched = Joins.join(mail.fetch(user, message,
                    replica == null ? ReadFrom.anyReplica() : ReadFrom.replica(replica)));
            stdout.write(fetched.raw());
            stdout.flush();
            return 0;
        }
    }
}
