package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;

import org.junit.jupiter.api.Test;

/** Which job a GRAB returns: cases 25, 26 and the global-priority rule of section 7. */
class PriorityTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldHandOutHighThenNormalThenLowFifoWithinALevel() { // case 25
        EngineFixture.Conn c = fx.connect();
        String l1 = c.submit(SUBMIT_JOB_LOW_BG, "f", "", "low1");
        String n1 = c.submit(SUBMIT_JOB_BG, "f", "", "normal1");
        String h1 = c.submit(SUBMIT_JOB_HIGH_BG, "f", "", "high1");
        String l2 = c.submit(SUBMIT_JOB_LOW_BG, "f", "", "low2");
        String n2 = c.submit(SUBMIT_JOB_BG, "f", "", "normal2");
        String h2 = c.submit(SUBMIT_JOB_HIGH_BG, "f", "", "high2");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h1, "f", "high1");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h2, "f", "high2");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, n1, "f", "normal1");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, n2, "f", "normal2");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, l1, "f", "low1");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, l2, "f", "low2");
        w.send(GRAB_JOB).expect(NO_JOB);
    }

    @Test
    void shouldPreferHighOfAnyFunctionOverLowOfAnEarlierOne() { // case 26, global priority
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "fa").send(CAN_DO, "fb");
        EngineFixture.Conn c = fx.connect();
        String fbLow = c.submit(SUBMIT_JOB_LOW_BG, "fb", "", "fb-low");
        String faHigh = c.submit(SUBMIT_JOB_HIGH_BG, "fa", "", "fa-high");
        String faNormal = c.submit(SUBMIT_JOB_BG, "fa", "", "fa-normal");
        String fbHigh = c.submit(SUBMIT_JOB_HIGH_BG, "fb", "", "fb-high");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, faHigh, "fa", "fa-high");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fbHigh, "fb", "fb-high");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, faNormal, "fa", "fa-normal");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fbLow, "fb", "fb-low");
    }

    @Test
    void shouldTakeRegistrationOrderWithinOneLevel() {
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "fb").send(CAN_DO, "fa");
        EngineFixture.Conn c = fx.connect();
        String fa = c.submit(SUBMIT_JOB_BG, "fa", "", "1");
        String fb = c.submit(SUBMIT_JOB_BG, "fb", "", "2");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fb, "fb", "2");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fa, "fa", "1");
    }

    @Test
    void shouldGiveNoJobToAWorkerOfOtherFunctions() {
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        fx.connect().send(CAN_DO, "g").send(GRAB_JOB).expect(NO_JOB);
        fx.connect().send(GRAB_JOB).expect(NO_JOB); // no abilities at all
    }

    @Test
    void shouldLetAWorkersFunctionsTakeTurnsWithRoundRobin() { // gearmand -R
        EngineFixture rr = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX).withRoundRobin(true), null);
        EngineFixture.Conn c = rr.connect();
        String fa1 = c.submit(SUBMIT_JOB_BG, "fa", "", "a1");
        String fa2 = c.submit(SUBMIT_JOB_BG, "fa", "", "a2");
        String fb1 = c.submit(SUBMIT_JOB_BG, "fb", "", "b1");
        String fb2 = c.submit(SUBMIT_JOB_BG, "fb", "", "b2");
        String faHigh = c.submit(SUBMIT_JOB_HIGH_BG, "fa", "", "a-high");
        EngineFixture.Conn w = rr.connect().send(CAN_DO, "fa").send(CAN_DO, "fb");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, faHigh, "fa", "a-high"); // priority still comes first
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fb1, "fb", "b1");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fa1, "fa", "a1");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fb2, "fb", "b2");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fa2, "fa", "a2");
    }

    @Test
    void shouldKeepRegistrationOrderWithoutRoundRobin() {
        EngineFixture.Conn c = fx.connect();
        String fa1 = c.submit(SUBMIT_JOB_BG, "fa", "", "a1");
        String fa2 = c.submit(SUBMIT_JOB_BG, "fa", "", "a2");
        String fb1 = c.submit(SUBMIT_JOB_BG, "fb", "", "b1");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "fa").send(CAN_DO, "fb");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fa1, "fa", "a1");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fa2, "fa", "a2");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, fb1, "fb", "b1");
    }
}
