package org.gmdb.mailstore.write;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.junit.jupiter.api.Test;

class EventAdmissionTest {

    private static final long NOW = 1_764_367_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    // With 2 shards: alice routes to shard 1, dave@example.net to shard 2 (the README's worked examples).
    private static final String SHARD_1_USER = "alice@example.com";
    private static final String SHARD_2_USER = "dave@example.net";

    private static EventAdmission shard1(int reshardingFrom) {
        return new EventAdmission(1, "mail1@a", 2, reshardingFrom, Duration.ofMinutes(10), CLOCK);
    }

    private static MailEvent deliver(String user, long ts) {
        return new MailEvent.Deliver(new EventHeader(EventIds.next(), ts, "test", user), "INBOX", Set.of(),
                "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRefuseAUserOfAnotherShardNamingTheUserBothShardsAndWhereToSend() {
        MailEvent e = deliver(SHARD_2_USER, NOW);
        RefusedEventException refused = assertThrows(RefusedEventException.class, () -> shard1(0).check(e));
        String m = refused.getMessage();
        assertTrue(m.contains("event " + e.id() + " refused: user dave@example.net routes to shard 2 of 2, not to this"
                + " shard 1 (mail1@a); submit it to mail2@<replica>"), m);
        assertDoesNotThrow(() -> shard1(0).check(deliver(SHARD_1_USER, NOW)));
    }

    @Test
    void shouldTakeUsersThatRouteHereWithTheOldShardCountWhileResharding() {
        // From 1 shard to 2: every user was on shard 1, so shard 1 keeps taking dave's events during the move.
        assertDoesNotThrow(() -> shard1(1).check(deliver(SHARD_2_USER, NOW)));
        // Shard 2 takes only its own users: nobody routed to it with 1 shard.
        EventAdmission shard2 = new EventAdmission(2, "mail2@a", 2, 1, Duration.ofMinutes(10), CLOCK);
        assertDoesNotThrow(() -> shard2.check(deliver(SHARD_2_USER, NOW)));
        RefusedEventException refused = assertThrows(RefusedEventException.class,
                () -> shard2.check(deliver(SHARD_1_USER, NOW)));
        assertTrue(refused.getMessage().contains("(users that route here with 1 shards are taken too, while resharding)"),
                refused.getMessage());
    }

    @Test
    void shouldRefuseATimestampFurtherAheadThanTheSkewAndTakeOneJustWithin() {
        long year5138 = 99_999_999_999_999L;
        MailEvent far = deliver(SHARD_1_USER, year5138);
        RefusedEventException refused = assertThrows(RefusedEventException.class, () -> shard1(0).check(far));
        assertTrue(refused.getMessage().contains("refused: timestamp 99999999999999 (5138-11-16T09:46:39.999Z) is "
                + (year5138 - NOW) + " ms ahead of the clock of mail1@a (2025-11-28T21:56:40Z) (expected: at most 600000"
                + " ms ahead)"), refused.getMessage());
        assertThrows(RefusedEventException.class, () -> shard1(0).check(deliver(SHARD_1_USER, NOW + 600_001)));
        assertDoesNotThrow(() -> shard1(0).check(deliver(SHARD_1_USER, NOW + 600_000)));
        assertDoesNotThrow(() -> shard1(0).check(deliver(SHARD_1_USER, 1_000)));
    }
}
