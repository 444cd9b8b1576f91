package org.gmdb.mailstore.antientropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.store.CanonicalDump;
import org.gmdb.mailstore.store.EventApplier;
import org.gmdb.mailstore.testing.JobServerKind;
import org.gmdb.mailstore.testing.ShardCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Anti-entropy takes what a peer of the shard holds as it is: replicas a and b of shard 1 of 2,
 * both with the default admission (users of shard 1 only, at most 10 minutes ahead).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AntiEntropyAdmissionIT {

    // With 2 shards, alice routes to shard 1 and dave to shard 2.
    private static final String SHARD_1_USER = "alice@example.com";
    private static final String SHARD_2_USER = "dave@example.com";

    private ShardCluster cluster;
    private ReplicaWorker a;
    private ReplicaWorker b;

    @BeforeAll
    void startCluster() {
        cluster = ShardCluster.of(JobServerKind.GMDB, "aeadm", 2, "a", "b");
        a = cluster.start("a");
        b = cluster.start("b");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldPullEventsOfAnotherShardOrAheadOfItsClockThatItRefusesAsJobs() {
        MailEvent misrouted = ShardCluster.deliver(SHARD_2_USER, "taken by b while resharding");
        long anHourAhead = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        MailEvent ahead = new MailEvent.Deliver(new EventHeader(EventIds.next(), anHourAhead, "test", SHARD_1_USER),
                "INBOX", Set.of(), "Subject: from a fast clock\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
        for (MailEvent event : List.of(misrouted, ahead)) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> cluster.client()
                    .submit("mail1@a", EventCodec.encode(event)).get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains(event.id() + " refused: "), failed.getCause().getMessage());
        }
        // As b took them: under another topology, by a clock an hour ahead of a's.
        new EventApplier(b.database()).apply(List.of(misrouted, ahead));

        AntiEntropySync.Round round = a.runAntiEntropyRound();

        assertEquals(2, round.pulled(), round.toString());
        assertTrue(round.inSync(), round.toString());
        assertEquals(2, cluster.events("a"));
        assertEquals(new CanonicalDump(b.database()).dump(), new CanonicalDump(a.database()).dump());
    }
}
