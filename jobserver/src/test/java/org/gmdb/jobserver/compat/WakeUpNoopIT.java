package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.PRE_SLEEP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/** The NOOP wake-up rules (reference 2.4), cases 10-16 of section 8, compared with gearmand. */
class WakeUpNoopIT {

    @Test
    void shouldAnswerNoJobWhenNothingQueued() {   // case 10
        Differential.compare("case10-no-job", s -> {
            Session w = s.open("W");
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(NO_JOB);
            s.open("X").send(GRAB_JOB).expect(NO_JOB); // no abilities at all
        });
    }

    @Test
    void shouldSendExactlyOneNoopToSleepingWorkerWhenJobsArrive() {   // cases 11, 12
        Differential.compare("case11-12-one-noop", s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            w.send(CAN_DO, "f").send(PRE_SLEEP).sync();
            String handle = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            assertTrue(handle.matches("H:[^:]+:1"), handle);
            w.expect(NOOP);
            c.send(SUBMIT_JOB, "f", "", "d2").expect(JOB_CREATED);
            w.expectSilence();
            w.send(GRAB_JOB).expect(JOB_ASSIGN, handle, "f", "d");
        });
    }

    @Test
    void shouldNotWakeWorkerThatNeverSleptButHandItTheJobOnGrab() {   // case 13
        Differential.compare("case13-no-noop-without-pre-sleep", s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            w.send(CAN_DO, "f").sync();
            String handle = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.expectSilence();
            w.send(GRAB_JOB).expect(JOB_ASSIGN, handle, "f", "d");
        });
    }

    @Test
    void shouldAnswerPreSleepWithImmediateNoopWhileJobWaits() {   // case 14
        Differential.compare("case14-pre-sleep-again", s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            w.send(CAN_DO, "f").send(PRE_SLEEP).sync();
            c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED);
            w.expect(NOOP);
            w.send(PRE_SLEEP).expect(NOOP);
            w.send(PRE_SLEEP).expect(NOOP);
        });
    }

    @Test
    void shouldNotWakeSleepingWorkerOnNewCanDo() {   // case 15
        Differential.compare("case15-can-do-no-noop", s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            w.send(CAN_DO, "g").send(PRE_SLEEP).sync();
            c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED);
            w.send(CAN_DO, "f").sync();
            w.expectSilence();
            w.send(GRAB_JOB).expect(JOB_ASSIGN);
        });
    }

    @Test
    void shouldWakeEverySleepingWorkerOnOneSubmission() {   // case 16
        Differential.compare("case16-thundering-herd", s -> {
            Session[] workers = {s.open("W1"), s.open("W2"), s.open("W3")};
            for (Session w : workers) {
                w.send(CAN_DO, "f").send(PRE_SLEEP).sync();
            }
            s.open("C").send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED);
            for (Session w : workers) {
                w.expect(NOOP);
            }
            for (Session w : workers) {
                w.expectSilence(50);
            }
        });
    }
}
