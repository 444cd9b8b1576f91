package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CANT_DO;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO_TIMEOUT;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.RESET_ABILITIES;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.PeerOptions;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/** Worker loss, retry limits, CAN_DO_TIMEOUT, CANT_DO and client loss (reference 3.4, 3.5): cases 38-43. */
class RetriesAndTimeoutsIT {

    private static final String NOT_FOUND_RESULT = "Job given in work result not found";

    @Test
    void shouldGiveJobOfLostWorkerToAnotherWithSameHandle() {   // case 38
        Differential.compare("case38-worker-lost", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            Session w1 = s.open("W1");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w1.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w1.close();
            assertEquals(List.of(h + "\t1\t0\t0"), s.awaitList(a, "show jobs", l -> l.equals(List.of(h + "\t1\t0\t0"))));
            c.expectSilence(50);
            Session w2 = s.open("W2");
            w2.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w2.send(WORK_COMPLETE, h, "from w2");
            c.expect(WORK_COMPLETE, h, "from w2");
        });
    }

    @Test
    void shouldRequeueLostJobAtTailOfItsLevel() {   // case 39
        Differential.compare("case39-requeue-at-tail", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            String ha = c.send(SUBMIT_JOB_BG, "f", "A", "a").expect(JOB_CREATED).text(0);
            String hb = c.send(SUBMIT_JOB_BG, "f", "B", "b").expect(JOB_CREATED).text(0);
            Session w1 = s.open("W1");
            w1.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, ha, "f", "a");
            w1.close();
            s.awaitList(a, "status", l -> l.equals(List.of("f\t2\t0\t0")));
            Session w2 = s.open("W2").send(CAN_DO, "f");
            w2.send(GRAB_JOB).expect(JOB_ASSIGN, hb, "f", "b");
            w2.send(GRAB_JOB).expect(JOB_ASSIGN, ha, "f", "a");
        });
    }

    @Test
    void shouldFailJobToClientWhenRetryLimitReached() {   // case 40
        Differential.compare("case40-job-retries-2", new PeerOptions(2, null), s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            Session w1 = s.open("W1");
            w1.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w1.close();
            s.awaitList(a, "show jobs", l -> l.equals(List.of(h + "\t1\t0\t0")));
            Session w2 = s.open("W2");
            w2.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w2.close();
            c.expect(WORK_FAIL, h);
            assertEquals(List.of(), s.awaitList(a, "show jobs", List::isEmpty));
        });
    }

    @Test
    void shouldRequeueJobWhenCanDoTimeoutExpires() {   // case 41
        Differential.compare("case41-can-do-timeout", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO_TIMEOUT, "f", "1500");
            long grabbed = System.nanoTime(); // the server's timer starts later, at the assignment
            w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            assertEquals(List.of("f\t1\t1\t1"), a.adminList("status"));
            long deadlineMs = 10_000; // a loaded machine may be late; it can never be early
            s.unrecorded(() -> {
                while ((System.nanoTime() - grabbed) / 1_000_000 < deadlineMs
                        && !a.adminList("status").equals(List.of("f\t1\t0\t1"))) {
                    Thread.sleep(20);
                }
            });
            long requeuedAfterMs = (System.nanoTime() - grabbed) / 1_000_000;
            assertTrue(requeuedAfterMs >= 1_300, "requeued " + requeuedAfterMs + " ms after the GRAB (expected: >= 1300)");
            assertEquals(List.of("f\t1\t0\t1"), a.adminList("status"), "status " + requeuedAfterMs + " ms after the GRAB");
            w.send(WORK_COMPLETE, h, "late").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_RESULT);
            c.expectSilence(50);
            assertEquals(List.of(h + "\t1\t0\t0"), a.adminList("show jobs"));
        });
    }

    @Test
    void shouldRequeueRunningJobOnCantDoAndRefuseItsLateResult() {   // case 42
        Differential.compare("case42-cant-do-requeues", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w.send(CANT_DO, "f");
            w.send(WORK_COMPLETE, h, "r").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_RESULT);
            assertEquals(List.of("f\t1\t0\t0"), a.adminList("status"));
            assertEquals(List.of(h + "\t1\t0\t0"), a.adminList("show jobs"));
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w.send(RESET_ABILITIES);
            w.send(WORK_COMPLETE, h, "r").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_RESULT);
            assertEquals(List.of(h + "\t2\t0\t0"), a.adminList("show jobs"));
        });
    }

    @Test
    void shouldDropQueuedForegroundJobWhoseClientLeft() {   // case 43
        Differential.compare("case43-client-gone-while-queued", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            c.close();
            // gearmand keeps the abandoned job (ignore=1) until a GRAB reaches it; ours may drop it at once
            s.unrecorded(() -> s.awaitList(a, "show jobs",
                    l -> l.isEmpty() || l.equals(List.of(h + "\t0\t1\t0"))));
            Session w = s.open("W");
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(NO_JOB);
            assertEquals(List.of("f\t0\t0\t1"), a.adminList("status"));
            assertEquals(List.of(), a.adminList("show jobs"));
        });
    }
}
