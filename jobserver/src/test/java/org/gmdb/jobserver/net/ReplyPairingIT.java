package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.PRE_SLEEP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.junit.jupiter.api.Test;

/**
 * Over real sockets: a GRAB that finds nothing waits for a job, and a foreground JOB_CREATED
 * waits to leave with the result, each for at most its configured time.
 */
class ReplyPairingIT {

    private static final String H1 = ServerFixture.PREFIX + ":1";
    // Waits that must not run out are 1 s long, so that a loaded machine cannot make the test flaky.

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void shouldHandAJobToAGrabThatIsStillWaiting() throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.grabWaitMicros(1_000_000))) {
            RawConnection worker = fx.connect().send(CAN_DO, "f").send(GRAB_JOB_UNIQ);
            worker.expectSilence(20);
            fx.connect().send(SUBMIT_JOB_BG, "f", "u", "d").expect(JOB_CREATED, H1);
            worker.expect(JOB_ASSIGN_UNIQ, H1, "f", "u", "d");
        }
    }

    @Test
    void shouldAnswerNoJobOnceTheGrabWaitIsOver() throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.grabWaitMicros(100_000))) {
            long start = System.nanoTime();
            RawConnection worker = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
            worker.expect(NO_JOB);
            long waited = millisSince(start);
            assertTrue(waited >= 90, "NO_JOB after " + waited + " ms (expected: the 100 ms wait)");
        }
    }

    @Test
    void shouldAnswerAGrabAtOnceWhenThePreSleepFollowsInTheSameWrite() throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.grabWaitMicros(1_000_000))) {
            RawConnection worker = fx.connect().send(CAN_DO, "f");
            ByteArrayOutputStream burst = new ByteArrayOutputStream(); // as Perl's Gearman::Worker sends them
            burst.write(GearmanEncoder.toBytes(RawConnection.req(GRAB_JOB)));
            burst.write(GearmanEncoder.toBytes(RawConnection.req(PRE_SLEEP)));
            long start = System.nanoTime();
            worker.write(burst.toByteArray()).expect(NO_JOB);
            assertTrue(millisSince(start) < 900, "NO_JOB must not wait for the timer");
            fx.connect().send(SUBMIT_JOB_BG, "f", "", "d").expect(JOB_CREATED, H1);
            worker.expect(NOOP);
            worker.send(GRAB_JOB).expect(JOB_ASSIGN, H1, "f", "d");
        }
    }

    @Test
    void shouldSendJobCreatedWithAQuickResult() throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.jobCreatedDelayMicros(1_000_000))) {
            RawConnection worker = fx.connect().send(CAN_DO, "f").send(PRE_SLEEP);
            RawConnection client = fx.connect();
            long start = System.nanoTime();
            client.send(SUBMIT_JOB, "f", "", "d");
            worker.expect(NOOP);
            worker.send(GRAB_JOB).expect(JOB_ASSIGN, H1, "f", "d");
            worker.send(WORK_COMPLETE, H1, "r");
            client.expect(JOB_CREATED, H1);
            client.expect(WORK_COMPLETE, H1, "r");
            long took = millisSince(start);
            assertTrue(took < 900, "JOB_CREATED and the result after " + took + " ms (expected: with the result)");
        }
    }

    @Test
    void shouldSendJobCreatedAloneWhenTheResultIsSlow() throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.jobCreatedDelayMicros(100_000))) {
            RawConnection client = fx.connect();
            long start = System.nanoTime();
            client.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED, H1);
            long took = millisSince(start);
            assertTrue(took >= 90, "JOB_CREATED after " + took + " ms (expected: once the 100 ms delay was over)");
            RawConnection worker = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
            worker.expect(JOB_ASSIGN, H1, "f", "d");
            worker.send(WORK_COMPLETE, H1, "r");
            client.expect(WORK_COMPLETE, H1, "r");
        }
    }

    @Test
    void shouldNeverDelayABackgroundJobCreated() throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.jobCreatedDelayMicros(1_000_000))) {
            long start = System.nanoTime();
            fx.connect().send(SUBMIT_JOB_BG, "f", "", "d").expect(JOB_CREATED, H1);
            long took = millisSince(start);
            assertTrue(took < 900, "background JOB_CREATED after " + took + " ms (expected: at once)");
        }
    }

    @Test
    void shouldSendEverythingAtOnceWhenBothWaitsAreOff() throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.grabWaitMicros(0).jobCreatedDelayMicros(0))) {
            RawConnection worker = fx.connect().send(CAN_DO, "f");
            worker.send(GRAB_JOB).expect(NO_JOB);
            fx.connect().send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED, H1);
        }
    }
}
