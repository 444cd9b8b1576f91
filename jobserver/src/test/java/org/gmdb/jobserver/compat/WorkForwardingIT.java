package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.OPTION_REQ;
import static org.gmdb.gearman.protocol.PacketType.OPTION_RES;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_DATA;
import static org.gmdb.gearman.protocol.PacketType.WORK_EXCEPTION;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.gmdb.gearman.protocol.PacketType.WORK_STATUS;
import static org.gmdb.gearman.protocol.PacketType.WORK_WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/** WORK_* forwarding (reference 3.5, 3.6), options and work-result errors: cases 18, 44-48. */
class WorkForwardingIT {

    private static final String NOT_FOUND_RESULT = "Job given in work result not found";
    private static final String NOT_FOUND_DATA = "Job does not exist on server";
    private static final String NOT_FOUND_EXCEPTION = "An exception was received for a job that does not exist";

    @Test
    void shouldForwardWorkPacketsByteForByteInOrder() {   // case 18
        Differential.compare("case18-forwarding", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            w.send(WORK_STATUS, h, "1", "4").send(WORK_DATA, h, "x\0y").send(WORK_WARNING, h, "w")
                    .send(WORK_DATA, h, "").send(WORK_COMPLETE, h, "r\0\0");
            c.expect(WORK_STATUS, h, "1", "4");
            c.expect(WORK_DATA, h, "x\0y");
            c.expect(WORK_WARNING, h, "w");
            c.expect(WORK_DATA, h, "");
            c.expect(WORK_COMPLETE, h, "r\0\0");
            w.expectSilence(50);
        });
    }

    @Test
    void shouldAcceptWorkResultsSilentlyAfterClientLeft() {   // case 44
        Differential.compare("case44-client-gone-while-running", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            Session a = s.open("A");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            c.close();
            // the worker's packets must come after the server has seen the client go: W and A are left
            s.unrecorded(() -> assertEquals(2, s.awaitList(a, "workers", l -> l.size() == 2).size(),
                    "connections listed after the client closed"));
            w.send(WORK_DATA, h, "x").send(WORK_STATUS, h, "1", "2").send(WORK_COMPLETE, h, "r");
            w.expectSilence();
            assertEquals(List.of("f\t0\t0\t1"), a.adminList("status"));
        });
    }

    @Test
    void shouldForwardExceptionOnlyToClientsThatAskedForIt() {   // case 45 (FAIL payload: deviation, section 7)
        Differential.compare("case45-exceptions", s -> {
            Session withOption = s.open("CX");
            Session plain = s.open("C");
            Session w = s.open("W");
            withOption.send(OPTION_REQ, "exceptions").expect(OPTION_RES, "exceptions");
            String h = withOption.send(SUBMIT_JOB, "f", "k", "d").expect(JOB_CREATED).text(0);
            plain.send(SUBMIT_JOB, "f", "k", "d").expect(JOB_CREATED, h);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            w.send(WORK_EXCEPTION, h, "boom");
            withOption.expect(WORK_EXCEPTION, h, "boom");
            s.unrecorded(() -> plain.expect(WORK_FAIL, s.isOurs() ? h : h + "\0"));
            w.expectSilence(50);
        });
    }

    @Test
    void shouldEchoKnownOptionAsSentAndRefuseUnknownOne() {   // case 46
        Differential.compare("case46-options", s -> {
            Session c = s.open("C");
            c.send(OPTION_REQ, "EXCEPTIONS").expect(OPTION_RES, "EXCEPTIONS");
            c.send(OPTION_REQ, "bogus").expect(ERROR, "UNKNOWN_OPTION", "Server does not recognize given option");
            c.send(OPTION_REQ, "x".repeat(64)).expect(ERROR, "UNKNOWN_OPTION", "Server does not recognize given option");
            c.send(OPTION_REQ, "Exceptions").expect(OPTION_RES, "Exceptions");
        });
    }

    @Test
    void shouldAnswerWorkPacketsForUnknownHandleWithJobNotFound() {   // case 47
        Differential.compare("case47-unknown-handle", s -> {
            Session w = s.open("W");
            String h = "H:nowhere:42";
            w.send(WORK_COMPLETE, h, "r").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_RESULT);
            w.send(WORK_DATA, h, "x").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_DATA);
            w.send(WORK_WARNING, h, "x").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_DATA);
            w.send(WORK_STATUS, h, "1", "2").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_RESULT);
            w.send(WORK_FAIL, h).expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_RESULT);
            w.send(WORK_EXCEPTION, h, "x").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_EXCEPTION);
        });
    }

    @Test
    void shouldRefuseResultFromWorkerThatDoesNotHoldTheJob() {   // case 48
        Differential.compare("case48-foreign-worker", s -> {
            Session c = s.open("C");
            Session w1 = s.open("W1");
            Session w2 = s.open("W2");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w1.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            w2.send(CAN_DO, "f");
            w2.send(WORK_COMPLETE, h, "forged").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_RESULT);
            w2.send(WORK_DATA, h, "forged").expect(ERROR, "JOB_NOT_FOUND", NOT_FOUND_DATA);
            w1.send(WORK_COMPLETE, h, "real");
            c.expect(WORK_COMPLETE, h, "real");
            c.expectSilence(50);
        });
    }
}
