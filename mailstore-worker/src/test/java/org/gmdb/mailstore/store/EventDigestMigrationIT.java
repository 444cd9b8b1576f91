package org.gmdb.mailstore.store;

import static org.gmdb.mailstore.store.Events.at;
import static org.gmdb.schema.shard.Tables.APPLIED_EVENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.schema.Migrations;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * A replica whose log predates content digests: the migration computes each logged event's
 * digest in MariaDB, equal to the one the worker computes, and the worker fills in any left.
 */
class EventDigestMigrationIT {

    private static final String U = "migrated@example.com";

    @Test
    void shouldDigestEventsLoggedBeforeDigestsExactlyAsTheWorkerDoes() {
        String name = TestDatabases.create("digests");
        try {
            MailEvent.Deliver deliver = Events.deliver(at(1_000, U), "INBOX", "logged before digests", "\\Seen");
            MailEvent.SetFlags flag = Events.set(at(2_000, U), deliver.id(), "$Work");
            MailEvent.Deliver big = Events.deliver(at(3_000, U), "INBOX", "digest left to the worker");
            try (HikariDataSource ds = new HikariDataSource()) {
                ds.setJdbcUrl(TestDatabases.SERVER + name);
                ds.setUsername("root");
                ds.setPassword("");
                Flyway.configure().dataSource(ds).locations(Migrations.SHARD_LOCATION)
                        .table(Migrations.SHARD_HISTORY_TABLE).target("1").load().migrate();
                for (MailEvent e : List.of(deliver, flag, big)) {
                    logAsVersionOneDid(ds, e);
                }
            }
            try (ShardDatabase db = TestDatabases.open(name)) {
                // As if the migration had met a payload over max_allowed_packet.
                db.dsl().update(APPLIED_EVENT).set(APPLIED_EVENT.SHA256, (byte[]) null)
                        .where(APPLIED_EVENT.ID.eq(EventIds.toBytes(big.id()))).execute();
                EventLog log = new EventLog(db);
                assertEquals(1, log.fillMissingDigests());
                for (MailEvent e : List.of(deliver, flag, big)) {
                    assertArrayEquals(EventLog.digestOf(e), db.dsl().select(APPLIED_EVENT.SHA256).from(APPLIED_EVENT)
                            .where(APPLIED_EVENT.ID.eq(EventIds.toBytes(e.id()))).fetchSingle(APPLIED_EVENT.SHA256),
                            "digest of " + e);
                }
                assertEquals(0, log.fillMissingDigests());
            }
        } finally {
            TestDatabases.drop(name);
        }
    }

    /** The log rows the applier wrote before digests: the JSON line, and the message in message_content. */
    private static void logAsVersionOneDid(HikariDataSource ds, MailEvent e) {
        DSLContext dsl = DSL.using(ds, SQLDialect.MARIADB);
        byte[] message = EventCodec.messageOf(e);
        byte[] id = EventIds.toBytes(e.id());
        if (message != null) {
            dsl.execute("INSERT INTO message_content (id, size, sha256, raw) VALUES (?, ?, ?, ?)", id,
                    message.length, EventLog.sha256().digest(message), message);
        }
        dsl.execute("INSERT INTO applied_event (id, ts, bucket, user_addr, op, header, content_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, e.header().timestamp(), EventLog.bucketOf(e.header().timestamp()),
                e.user(), e.op().wireName(), EventCodec.encodeHeader(e), message != null ? id : null);
    }
}
