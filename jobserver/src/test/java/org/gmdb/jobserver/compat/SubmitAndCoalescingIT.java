package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/** Submission, assignment payloads, unique coalescing and maxqueue: cases 17, 27-37. */
class SubmitAndCoalescingIT {

    @Test
    void shouldAssignJobWithOrWithoutUniqueDependingOnGrabKind() {   // case 17
        Differential.compare("case17-job-assign-payloads", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h1 = c.send(SUBMIT_JOB, "f", "u1", "d1").expect(JOB_CREATED).text(0);
            String h2 = c.send(SUBMIT_JOB, "f", "u2", "d\0with\0nuls").expect(JOB_CREATED).text(0);
            String h3 = c.send(SUBMIT_JOB, "f", "", "").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, h1, "f", "d1");
            w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h2, "f", "u2", "d\0with\0nuls");
            w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h3, "f", "", "");
            w.send(GRAB_JOB_UNIQ).expect(NO_JOB);
        });
    }

    @Test
    void shouldCoalesceForegroundClientsWithSameUnique() {   // case 27
        Differential.compare("case27-two-clients-one-job", s -> {
            Session c1 = s.open("C1");
            Session c2 = s.open("C2");
            Session w = s.open("W");
            String h = c1.send(SUBMIT_JOB, "f", "k", "d").expect(JOB_CREATED).text(0);
            c2.send(SUBMIT_JOB, "f", "k", "other data").expect(JOB_CREATED, h);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w.send(GRAB_JOB).expect(NO_JOB);
            w.send(WORK_DATA, h, "part").send(WORK_COMPLETE, h, "done");
            for (Session c : List.of(c1, c2)) {
                c.expect(WORK_DATA, h, "part");
                c.expect(WORK_COMPLETE, h, "done");
            }
        });
    }

    @Test
    void shouldForwardEveryPacketTwiceWhenOneConnectionSubmitsTwice() {   // case 28
        Differential.compare("case28-same-connection-twice", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB, "f", "k", "d").expect(JOB_CREATED).text(0);
            c.send(SUBMIT_JOB, "f", "k", "d").expect(JOB_CREATED, h);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            w.send(WORK_DATA, h, "x").send(WORK_COMPLETE, h, "r");
            c.expect(WORK_DATA, h, "x");
            c.expect(WORK_DATA, h, "x");
            c.expect(WORK_COMPLETE, h, "r");
            c.expect(WORK_COMPLETE, h, "r");
            c.expectSilence();
        });
    }

    @Test
    void shouldNeverCoalesceEmptyUniques() {   // case 29
        Differential.compare("case29-empty-unique", s -> {
            Session c = s.open("C");
            String h1 = c.send(SUBMIT_JOB_BG, "f", "", "same").expect(JOB_CREATED).text(0);
            String h2 = c.send(SUBMIT_JOB_BG, "f", "", "same").expect(JOB_CREATED).text(0);
            assertNotEquals(h1, h2);
            assertEquals(List.of("f\t2\t0\t0"), s.open("A").adminList("status"));
        });
    }

    @Test
    void shouldCoalesceDashUniqueByData() {   // case 30
        Differential.compare("case30-dash-unique", s -> {
            Session c = s.open("C");
            String h1 = c.send(SUBMIT_JOB_BG, "f", "-", "same").expect(JOB_CREATED).text(0);
            c.send(SUBMIT_JOB_BG, "f", "-", "same").expect(JOB_CREATED, h1);
            String h3 = c.send(SUBMIT_JOB_BG, "f", "-", "other").expect(JOB_CREATED).text(0);
            assertNotEquals(h1, h3);
            String h4 = c.send(SUBMIT_JOB_BG, "f", "-", "").expect(JOB_CREATED).text(0);
            String h5 = c.send(SUBMIT_JOB_BG, "f", "-", "").expect(JOB_CREATED).text(0);
            assertNotEquals(h4, h5);
            Session w = s.open("W").send(CAN_DO, "f");
            w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h1, "f", "-", "same");
        });
    }

    @Test
    void shouldKeepSameUniqueUnderDifferentFunctionsApart() {   // case 31
        Differential.compare("case31-unique-per-function", s -> {
            Session c = s.open("C");
            String hf = c.send(SUBMIT_JOB_BG, "f", "zz", "d").expect(JOB_CREATED).text(0);
            String hg = c.send(SUBMIT_JOB_BG, "g", "zz", "d").expect(JOB_CREATED).text(0);
            assertNotEquals(hf, hg);
            c.send(SUBMIT_JOB_BG, "F", "zz", "d").expect(JOB_CREATED); // names are case-sensitive
            assertEquals(List.of("F\t1\t0\t0", "f\t1\t0\t0", "g\t1\t0\t0"), s.open("A").adminList("status"));
        });
    }

    @Test
    void shouldAttachForegroundClientToQueuedBackgroundJob() {   // case 32
        Differential.compare("case32-fg-joins-bg", s -> {
            Session c = s.open("C");
            Session fg = s.open("FG");
            String h = c.send(SUBMIT_JOB_BG, "f", "u", "bg data").expect(JOB_CREATED).text(0);
            fg.send(SUBMIT_JOB, "f", "u", "fg data").expect(JOB_CREATED, h);
            Session w = s.open("W").send(CAN_DO, "f");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "bg data");
            w.send(WORK_COMPLETE, h, "result");
            fg.expect(WORK_COMPLETE, h, "result");
            c.expectSilence();
        });
    }

    @Test
    void shouldRefuseUniqueOver64BytesAndKeepConnection() {   // case 33
        Differential.compare("case33-unique-65", s -> {
            Session c = s.open("C");
            c.send(SUBMIT_JOB, "f", "u".repeat(65), "d").expect(ERROR, "ARGUMENT_TOO_LARGE", "Unique value too large");
            c.send(SUBMIT_JOB_BG, "f", "u".repeat(1000), "d").expect(ERROR, "ARGUMENT_TOO_LARGE", "Unique value too large");
            c.send(ECHO_REQ, "still here").expect(ECHO_RES, "still here");
            // the unique is checked before the function record is made
            assertEquals(List.of(), s.open("A").adminList("status"));
        });
    }

    @Test
    void shouldKeepA64ByteUniqueWhole() {   // case 34: ours keeps 64 bytes, gearmand cuts to 63 (section 7)
        String unique = "0123456789abcdef".repeat(4);
        Differential.compare("case34-unique-64", s -> {
            Session c = s.open("C");
            String h = c.send(SUBMIT_JOB_BG, "f", unique, "d").expect(JOB_CREATED).text(0);
            Session w = s.open("W").send(CAN_DO, "f");
            s.unrecorded(() -> {
                if (s.isOurs()) {
                    w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h, "f", unique, "d");
                } else {
                    // gearmand sends its 64-byte buffer: 63 bytes, the cut's NUL, then the field's NUL
                    w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h, "f", unique.substring(0, 63), "\0d");
                }
            });
        });
    }

    @Test
    void shouldRefuseSubmissionOverMaxqueue() {   // case 35
        Differential.compare("case35-maxqueue", s -> {
            Session a = s.open("A");
            Session c = s.open("C");
            // maxqueue on a function that does not exist yet is a no-op, so create it first
            assertEquals("OK\r\n", a.admin("create function f\r"));
            assertEquals("OK\r\n", a.admin("maxqueue f 2"));
            c.send(SUBMIT_JOB_BG, "f", "a", "d").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "b", "d").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "c", "d").expect(ERROR, "QUEUE_ERROR", "Job queue is full");
            c.send(SUBMIT_JOB, "f", "", "d").expect(ERROR, "QUEUE_ERROR", "Job queue is full");
            assertEquals(List.of("f\t2\t0\t0"), a.adminList("status"));
            assertEquals("OK\r\n", a.admin("maxqueue f"));
            c.send(SUBMIT_JOB_BG, "f", "c", "d").expect(JOB_CREATED);
        });
    }

    @Test
    void shouldApplyMaxqueuePerPriorityLevel() {   // case 36
        Differential.compare("case36-maxqueue-levels", s -> {
            Session a = s.open("A");
            Session c = s.open("C");
            // maxqueue on a function that does not exist yet is a no-op, so create it first
            assertEquals("OK\r\n", a.admin("create function f\r"));
            assertEquals("OK\r\n", a.admin("maxqueue f 5 1 0"));
            c.send(SUBMIT_JOB_BG, "f", "n1", "d").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_HIGH_BG, "f", "h1", "d").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "n2", "d").expect(ERROR, "QUEUE_ERROR", "Job queue is full");
            c.send(SUBMIT_JOB_LOW_BG, "f", "l1", "d").expect(JOB_CREATED);
            assertEquals(List.of("f\t1\t1\t1\t0"), a.adminList("prioritystatus"));
        });
    }

    @Test
    void shouldCoalesceAroundAFullQueue() {   // case 37
        Differential.compare("case37-coalesce-when-full", s -> {
            Session a = s.open("A");
            Session c = s.open("C");
            // maxqueue on a function that does not exist yet is a no-op, so create it first
            assertEquals("OK\r\n", a.admin("create function f\r"));
            assertEquals("OK\r\n", a.admin("maxqueue f 1"));
            String h = c.send(SUBMIT_JOB_BG, "f", "k", "d").expect(JOB_CREATED).text(0);
            c.send(SUBMIT_JOB_BG, "f", "other", "d").expect(ERROR, "QUEUE_ERROR", "Job queue is full");
            c.send(SUBMIT_JOB_BG, "f", "k", "d").expect(JOB_CREATED, h);
            c.send(SUBMIT_JOB, "f", "k", "d").expect(JOB_CREATED, h);
        });
    }
}
