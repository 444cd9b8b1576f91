package org.gmdb.launcher.mail;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.ReadFrom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gmdb list --user U [--mailbox INBOX] [--limit N]}: the messages of one mailbox, newest
 * first, as a tab-separated table; {@code --mailboxes} lists the user's mailboxes instead.
 *
 * <p>Caveat: UIDs are those of whichever replica answered, unless {@code --replica} pins one.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's messages (or mailboxes).")
public final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MailClientOptions client;

    @Option(names = "--user", required = true, paramLabel = "ADDRESS")
    String user;

    @Option(names = "--mailbox", paramLabel = "NAME", defaultValue = "INBOX", description = "Default: ${DEFAULT-VALUE}.")
    String mailbox;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = MessageTable.LIMIT_HELP)
    int limit;

    @Option(names = "--mailboxes", description = "List the user's mailboxes with their counts instead.")
    boolean mailboxes;

    @Option(names = "--replica", paramLabel = "NAME", description = "Ask this replica only (default: any).")
    String replica;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReadFrom from = replica == null ? ReadFrom.anyReplica() : ReadFrom.replica(replica);
        try (MailClient mail = client.open()) {
            if (mailboxes) {
                out.println("MAILBOX\tMESSAGES\tUNSEEN\tUIDVALIDITY\tUIDNEXT\tHIGHESTMODSEQ");
                for (MailboxInfo b : Joins.join(mail.listMailboxes(user, from))) {
                    out.println(MessageTable.clean(b.name()) + "\t" + b.messages() + "\t" + b.unseen() + "\t"
                            + b.uidvalidity() + "\t" + b.uidnext() + "\t" + b.highestModseq());
                }
                out.flush();
                return 0;
            }
            QueryResponse.MessageList list = Joins.join(mail.listMessages(user, mailbox, Sort.DATE, true,
                    MessageTable.toAsk(limit), null, from));
            MessageTable.print(out, spec.commandLine().getErr(), list.messages(), limit);
            return 0;
        }
    }
}
