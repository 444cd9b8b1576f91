package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GET_STATUS;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_ALL;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_ALL;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.OPTION_REQ;
import static org.gmdb.gearman.protocol.PacketType.OPTION_RES;
import static org.gmdb.gearman.protocol.PacketType.STATUS_RES;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_REDUCE_JOB;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_DATA;
import static org.gmdb.gearman.protocol.PacketType.WORK_EXCEPTION;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.gmdb.gearman.protocol.PacketType.WORK_STATUS;
import static org.gmdb.gearman.protocol.PacketType.WORK_WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Assignment packets and WORK_* forwarding: cases 17, 18, 22, 45-48, 68, 75. */
class WorkForwardingTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldAssignWithOrWithoutTheUnique() { // case 17
        EngineFixture.Conn c = fx.connect();
        String h1 = c.submit(SUBMIT_JOB_BG, "f", "u1", "d1");
        String h2 = c.submit(SUBMIT_JOB_BG, "f", "u2", "d2");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h1, "f", "d1");
        w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h2, "f", "u2", "d2");
    }

    @Test
    void shouldForwardWorkPacketsToTheClientInOrder() { // case 18
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_STATUS, h, "1", "4").send(WORK_DATA, h, "x").send(WORK_WARNING, h, "y")
                .send(WORK_COMPLETE, h, "r\0with nul");
        c.expect(WORK_STATUS, h, "1", "4");
        c.expect(WORK_DATA, h, "x");
        c.expect(WORK_WARNING, h, "y");
        c.expect(WORK_COMPLETE, h, "r\0with nul");
        c.assertNothing();
        w.assertNothing();
    }

    @Test
    void shouldSendNothingToTheSubmitterOfABackgroundJob() { // case 22
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB_BG, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_DATA, h, "x").send(WORK_STATUS, h, "1", "2").send(WORK_COMPLETE, h, "r");
        c.assertNothing();
        w.assertNothing();
    }

    @Test
    void shouldSendExceptionsOnlyToClientsThatAskedForThem() { // case 45, 46
        EngineFixture.Conn plain = fx.connect();
        EngineFixture.Conn asked = fx.connect();
        asked.send(OPTION_REQ, "EXCEPTIONS").expect(OPTION_RES, "EXCEPTIONS");
        String h = plain.submit(SUBMIT_JOB, "f", "k", "d");
        asked.submit(SUBMIT_JOB, "f", "k", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_EXCEPTION, h, "boom");
        asked.expect(WORK_EXCEPTION, h, "boom");
        plain.expect(WORK_FAIL, h); // no trailing NUL (section 7)
        w.assertNothing();
        assertEquals(0, fx.engine.jobCount());
    }

    @Test
    void shouldSendExceptionsToEveryoneWhenTheServerOptionIsOn() {
        EngineFixture all = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX).withExceptions(true), null);
        EngineFixture.Conn c = all.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = all.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_EXCEPTION, h, "boom");
        c.expect(WORK_EXCEPTION, h, "boom");
    }

    @Test
    void shouldRefuseUnknownOptions() { // case 46
        EngineFixture.Conn c = fx.connect();
        c.send(OPTION_REQ, "bogus").expect(ERROR, "UNKNOWN_OPTION", "Server does not recognize given option");
        c.send(OPTION_REQ, "exceptions" + "x".repeat(60)).expect(ERROR, "UNKNOWN_OPTION",
                "Server does not recognize given option");
    }

    @Test
    void shouldAnswerJobNotFoundForResultsOfUnknownJobs() { // case 47
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(WORK_COMPLETE, "H:test:99", "r").expect(ERROR, "JOB_NOT_FOUND", "Job given in work result not found");
        w.send(WORK_DATA, "H:test:99", "r").expect(ERROR, "JOB_NOT_FOUND", "Job does not exist on server");
        w.send(WORK_WARNING, "nonsense", "r").expect(ERROR, "JOB_NOT_FOUND", "Job does not exist on server");
        w.send(WORK_STATUS, "H:test:99", "1", "2").expect(ERROR, "JOB_NOT_FOUND", "Job given in work result not found");
        w.send(WORK_FAIL, "H:test:99").expect(ERROR, "JOB_NOT_FOUND", "Job given in work result not found");
        w.send(WORK_EXCEPTION, "H:test:99", "x").expect(ERROR, "JOB_NOT_FOUND",
                "An exception was received for a job that does not exist");
        w.send(WORK_FAIL, "H".repeat(64)).expect(ERROR, "ARGUMENT_TOO_LARGE",
                "Error occurred due to GEARMAND_JOB_HANDLE_SIZE being too small from snprintf");
    }

    @Test
    void shouldRefuseResultsFromAWorkerTheJobIsNotAssignedTo() { // case 48
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w1 = fx.connect().send(CAN_DO, "f");
        EngineFixture.Conn w2 = fx.connect().send(CAN_DO, "f");
        w1.send(GRAB_JOB).next();
        w2.send(WORK_COMPLETE, h, "forged").expect(ERROR, "JOB_NOT_FOUND", "Job given in work result not found");
        c.assertNothing();
        w1.send(WORK_COMPLETE, h, "real");
        c.expect(WORK_COMPLETE, h, "real");
    }

    @Test
    void shouldForwardOddStatusNumbersByteExactAndReportThemAsUnsigned() { // case 75
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_STATUS, h, "abc", "-5");
        c.expect(WORK_STATUS, h, "abc", "-5");
        c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "0", "4294967291");
    }

    @Test
    void shouldAssignReduceJobsWithTheReducerOnlyToGrabJobAll() { // case 68
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_REDUCE_JOB, "f", "u", "reducer", "", "data");
        String h = c.next().text(0);
        String plain = c.submit(SUBMIT_JOB_BG, "f", "n", "normal");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB_ALL).expect(JOB_ASSIGN_ALL, h, "f", "u", "reducer", "data");
        w.send(GRAB_JOB_ALL).expect(JOB_ASSIGN_UNIQ, plain, "f", "n", "normal");
    }
}
