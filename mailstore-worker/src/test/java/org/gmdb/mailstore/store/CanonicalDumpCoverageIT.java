package org.gmdb.mailstore.store;

import static org.gmdb.mailstore.store.Events.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gmdb.mail.event.MailEvent;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalDump} has no blind spot in the shard schema: every column of every table
 * is either rendered ({@link CanonicalDump#COVERED}) or left out with a reason
 * ({@link CanonicalDump#EXCLUDED}). A column added by a migration and named in neither
 * fails here; so does a covered column whose change in one row does not show in the dump.
 */
class CanonicalDumpCoverageIT {

    private static final String U = "coverage@example.com";
    private static Replicas replica;

    @BeforeAll
    static void createReplicaWithEveryColumnFilled() {
        replica = new Replicas("coverage", 1);
        MailEvent.Deliver d = new MailEvent.Deliver(at(1_000, U), "Projects", Set.of("\\Seen"),
                ("From: Bob <bob@example.org>\r\nTo: coverage@example.com\r\nCc: carol@example.org\r\nSubject: all"
                        + "\r\nDate: Sat, 29 Nov 2025 10:00:00 +0000\r\nMessage-ID: <all@example.org>\r\n\r\nbody\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        MailEvent.Copy copy = new MailEvent.Copy(at(2_000, U), d.id(), "Saved", Set.of("\\Flagged"));
        new EventApplier(replica.dbs.get(0)).apply(List.of(
                new MailEvent.CreateMailbox(at(500, U), "Empty"),
                d,
                copy,
                new MailEvent.RenameMailbox(at(3_000, U), "Projects", "Archive"),
                new MailEvent.DeleteMailbox(at(4_000, U), "Empty"),
                Events.clear(at(5_000, U), d.id(), "\\Seen"),
                Events.move(at(6_000, U), d.id(), "Other"),
                Events.expunge(at(7_000, U), copy.id())));
        // Another version of the deliver's id: a conflict row, its message under a derived id.
        new EventApplier(replica.dbs.get(0)).apply(List.of(new MailEvent.Deliver(d.header(), "Projects", Set.of(),
                "Subject: other version\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8))));
    }

    @AfterAll
    static void dropReplica() {
        replica.close();
    }

    @Test
    void shouldNameEveryColumnOfTheShardSchemaAsCoveredOrExcluded() {
        Set<String> inSchema = columns().keySet();
        Set<String> named = new TreeSet<>(CanonicalDump.COVERED);
        named.addAll(CanonicalDump.EXCLUDED.keySet());
        Set<String> unnamed = new TreeSet<>(inSchema);
        unnamed.removeAll(named);
        Set<String> stale = new TreeSet<>(named);
        stale.removeAll(inSchema);
        Set<String> both = new TreeSet<>(CanonicalDump.COVERED);
        both.retainAll(CanonicalDump.EXCLUDED.keySet());
        assertEquals(Set.of(), unnamed, "columns of the shard schema that CanonicalDump neither renders nor excludes");
        assertEquals(Set.of(), stale, "columns CanonicalDump names that the shard schema does not have");
        assertEquals(Set.of(), both, "columns CanonicalDump names as both covered and excluded");
    }

    @Test
    void shouldChangeTheDumpWhenAnyCoveredColumnChangesInOneRow() {
        List<String> blind = new ArrayList<>();
        for (Map.Entry<String, String> column : columns().entrySet()) {
            if (CanonicalDump.COVERED.contains(column.getKey())) {
                String[] dumps = changedDumps(column.getKey(), column.getValue());
                if (dumps[0].equals(dumps[1])) {
                    blind.add(column.getKey());
                }
            }
        }
        assertEquals(List.of(), blind, "covered columns whose change in one row leaves the dump as it was");
    }

    @Test
    void shouldKeepTheDumpWhenReplicaLocalNumberingOrTimesChange() {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, String> column : columns().entrySet()) {
            // Row ids are joined on (they name the row's user or mailbox), so changing one alone breaks the link.
            if (CanonicalDump.EXCLUDED.containsKey(column.getKey()) && !column.getKey().endsWith(".id")
                    && !column.getKey().equals("expunged_uid.mailbox_id")) {
                String[] dumps = changedDumps(column.getKey(), column.getValue());
                if (!dumps[0].equals(dumps[1])) {
                    shown.add(column.getKey());
                }
            }
        }
        assertEquals(List.of(), shown, "excluded columns whose change shows in the dump");
    }

    /** Every "table.column" of the replica's tables (but Flyway's), with its type. */
    private static Map<String, String> columns() {
        Map<String, String> out = new TreeMap<>();
        for (Record r : replica.dbs.get(0).dsl().resultQuery(
                "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_OCTET_LENGTH FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE 'flyway%'", replica.names.get(0)).fetch()) {
            String type = r.get(2, String.class).toLowerCase();
            Long length = r.get(3, Long.class);
            out.put(r.get(0, String.class).toLowerCase() + "." + r.get(1, String.class).toLowerCase(),
                    type.equals("binary") ? type + length : type);
        }
        return out;
    }

    /**
     * The dump before and after changing {@code column} in one row that holds a value, in a
     * transaction that is rolled back (foreign keys unchecked, so a row may point nowhere).
     */
    private static String[] changedDumps(String column, String type) {
        String table = column.substring(0, column.indexOf('.'));
        String name = column.substring(column.indexOf('.') + 1);
        String[] dumps = new String[2];
        replica.dbs.get(0).dsl().connection(c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET FOREIGN_KEY_CHECKS=0");
                dumps[0] = CanonicalDump.render(DSL.using(c, SQLDialect.MARIADB));
                int rows = s.executeUpdate("UPDATE " + table + " SET " + name + " = " + changed(name, type) + " WHERE "
                        + name + " IS NOT NULL LIMIT 1");
                if (rows != 1) {
                    throw new IllegalStateException("the fixture leaves " + column + " empty in every row: fill it");
                }
                dumps[1] = CanonicalDump.render(DSL.using(c, SQLDialect.MARIADB));
            } finally {
                c.rollback();
                try (Statement s = c.createStatement()) {
                    s.execute("SET FOREIGN_KEY_CHECKS=1");
                }
                c.setAutoCommit(autoCommit);
            }
        });
        return dumps;
    }

    /** An SQL expression of another value of the column's type (far from the others, so no key collides). */
    private static String changed(String name, String type) {
        return switch (type) {
            case "bigint" -> name + " + 1000000";
            case "tinyint" -> "1 - " + name;
            case "varchar", "longblob" -> "CONCAT(" + name + ", 'x')";
            case "binary16" -> "UNHEX(MD5(CONCAT(HEX(" + name + "), 'x')))";
            case "binary32" -> "UNHEX(SHA2(CONCAT(HEX(" + name + "), 'x'), 256))";
            case "timestamp" -> name + " + INTERVAL 1 SECOND";
            default -> throw new IllegalStateException("no change written for column type " + type + " of " + name);
        };
    }
}
