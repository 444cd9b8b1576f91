package org.gmdb.launcher.mail;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.SearchResult;
import org.gmdb.mailclient.ShardError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gmdb search [--from X] [--subject Y] [--since DATE] [--limit N]}: searches every
 * shard (or one user's with {@code --user}), newest first, merged into one table. Shards
 * that did not answer are named on standard error and the exit code is then 1.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search messages across all users and shards (newest first).")
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MailClientOptions client;

    @Option(names = "--user", paramLabel = "ADDRESS", description = "Only this user's mail (asks one shard).")
    String user;

    @Option(names = "--mailbox", paramLabel = "NAME")
    String mailbox;

    @Option(names = "--from", paramLabel = "TEXT", description = "From: contains TEXT (any case).")
    String from;

    @Option(names = "--to", paramLabel = "TEXT", description = "To: contains TEXT (any case).")
    String to;

    @Option(names = "--subject", paramLabel = "TEXT", description = "Subject: contains TEXT (any case).")
    String subject;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Arrived at or after DATE: 2026-11-28 (UTC midnight) or 2026-11-28T10:00:00Z.")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = MessageTable.LIMIT_HELP)
    int limit;

    @Override
    public Integer call() {
        Long sinceMillis = since == null ? null : parseDate(since);
        SearchCriteria criteria = new SearchCriteria(user, mailbox, from, to, subject, null, null, null, sinceMillis,
                null, null, null);
        try (MailClient mail = client.open()) {
            SearchResult result = Joins.join(mail.search(criteria, Sort.DATE, true, MessageTable.toAsk(limit),
                    client.timeout()));
            PrintWriter err = spec.commandLine().getErr();
            MessageTable.print(spec.commandLine().getOut(), err, result.messages(), limit);
            if (result.complete()) {
                return 0;
            }
            for (ShardError e : result.errors().values()) {
                // the message names the search and the shard: "searching every user's mail on shard 2 (mail2) ..."
                err.println("gmdb: missing from the result: " + e.message());
            }
            err.flush();
            return 1;
        }
    }

    static long parseDate(String text) {
        try {
            return text.contains("T") ? Instant.parse(text).toEpochMilli()
                    : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + MessageTable.clean(text) + "' is not a date (expected:"
                    + " 2026-11-28 or 2026-11-28T10:00:00Z)", e);
        }
    }
}
