package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH;
import static org.gmdb.jobserver.engine.EngineFixture.handle;
import static org.gmdb.jobserver.engine.EngineFixture.res;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which JOB_CREATED the network may hold back to send with the result: a new foreground job's only. */
class JobCreatedDeferralTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldLetANewForegroundJobsJobCreatedWaitForTheResult() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB, "f", "", "a");
        c.submit(SUBMIT_JOB_HIGH, "f", "", "b");
        assertEquals(List.of(res(JOB_CREATED, handle(1)), res(JOB_CREATED, handle(2))), c.peer.deferred);
    }

    @Test
    void shouldSendABackgroundJobsJobCreatedAtOnce() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "a");
        assertEquals(List.of(), c.peer.deferred);
    }

    @Test
    void shouldSendAtOnceTheJobCreatedOfAClientJoiningARunningJob() {
        fx.connect().submit(SUBMIT_JOB, "f", "u", "a");
        EngineFixture.Conn second = fx.connect();
        assertEquals(handle(1), second.submit(SUBMIT_JOB, "f", "u", "a"));
        assertEquals(List.of(), second.peer.deferred);
    }
}
