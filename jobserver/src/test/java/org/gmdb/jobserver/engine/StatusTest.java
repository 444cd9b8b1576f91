package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GET_STATUS;
import static org.gmdb.gearman.protocol.PacketType.GET_STATUS_UNIQUE;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.STATUS_RES;
import static org.gmdb.gearman.protocol.PacketType.STATUS_RES_UNIQUE;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_STATUS;

import org.junit.jupiter.api.Test;

/** GET_STATUS and GET_STATUS_UNIQUE, cases 19-24. */
class StatusTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldReportARunningJobWithItsLastStatus() { // case 19
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_STATUS, h, "1", "4");
        c.expect(WORK_STATUS, h, "1", "4");
        c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "1", "4");
    }

    @Test
    void shouldReportAFinishedJobAsUnknown() { // case 20
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_COMPLETE, h, "r");
        c.next();
        c.send(GET_STATUS, h).expect(STATUS_RES, h, "0", "0", "0", "0");
        c.send(GET_STATUS, "garbage").expect(STATUS_RES, "garbage", "0", "0", "0", "0");
    }

    @Test
    void shouldReportABackgroundJobQueuedThenRunningThenWithNumbers() { // case 21
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB_BG, "f", "", "d");
        c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "0", "0", "0");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "0", "0");
        w.send(WORK_STATUS, h, "5", "10");
        c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "5", "10");
    }

    @Test
    void shouldCountListenersInTheUniqueStatus() { // case 23
        EngineFixture.Conn c1 = fx.connect();
        EngineFixture.Conn c2 = fx.connect();
        String h = c1.submit(SUBMIT_JOB, "f", "u", "d");
        c2.submit(SUBMIT_JOB, "f", "u", "d");
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).next();
        fx.connect().send(GET_STATUS_UNIQUE, "u").expect(STATUS_RES_UNIQUE, "u", "1", "1", "0", "0", "2");
    }

    @Test
    void shouldReportAnUnknownUniqueWithZeros() { // case 24
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "d");
        c.send(GET_STATUS_UNIQUE, "u").expect(STATUS_RES_UNIQUE, "u", "0", "0", "0", "0", "0");
        c.send(GET_STATUS_UNIQUE, "").expect(STATUS_RES_UNIQUE, "", "0", "0", "0", "0", "0");
    }

    @Test
    void shouldFindAUniqueUnderAnyFunction() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "g", "u", "d");
        c.send(GET_STATUS_UNIQUE, "u").expect(STATUS_RES_UNIQUE, "u", "1", "0", "0", "0", "0");
    }
}
