package org.gmdb.jobserver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gmdb.gearman.protocol.TextLine;
import org.gmdb.jobserver.engine.EngineClock;
import org.gmdb.jobserver.engine.EngineSettings;
import org.gmdb.jobserver.engine.JobServerEngine;
import org.gmdb.jobserver.engine.Peer;
import org.gmdb.jobserver.engine.Session;
import org.junit.jupiter.api.Test;

/** Word splitting and replies of the admin protocol, without sockets. */
class AdminProtocolTest {

    private final JobServerEngine engine = new JobServerEngine(EngineSettings.defaults("H:t"), EngineClock.SYSTEM,
            (task, delay) -> () -> { }, Runnable::run, null, null);
    private final AdminProtocol admin = new AdminProtocol(engine);
    private final List<Object> sent = new ArrayList<>();
    private final Session session = engine.connect(new Peer() {
        @Override
        public void send(Object message) {
            sent.add(message);
        }

        @Override
        public void close() {
        }
    }, "127.0.0.1");

    private String reply(String line) {
        sent.clear();
        assertTrue(admin.handle(session, line));
        assertEquals(1, sent.size());
        return ((TextLine) sent.get(0)).text();
    }

    @Test
    void shouldTreatALeadingSpaceAsAnEmptyCommandWordLikeGearmand() {
        assertEquals("ERR UNKNOWN_COMMAND Unknown+server+command\r\n", reply(" status"));
    }

    @Test
    void shouldCountRunsOfSpacesAsOneAndIgnoreExtraWords() {
        assertEquals(".\n", reply("status    x"));
        assertEquals(".\n", reply("status "));
        assertEquals("OK\r\n", reply("create  function  zz"));
        assertEquals("zz\t0\t0\t0\n.\n", reply("status"));
    }

    @Test
    void shouldCloseOnASixthWordButNotOnAFifth() {
        assertFalse(admin.handle(session, "a b c d e f"));
        assertFalse(admin.handle(session, "status a b c d "));
        sent.clear();
        assertTrue(admin.handle(session, "maxqueue f 1 2 3"));
    }

    @Test
    void shouldTreatTabsAsPartOfAWord() {
        assertEquals("ERR UNKNOWN_COMMAND Unknown+server+commandstatus\tx\r\n", reply("status\tx"));
    }

    @Test
    void shouldParseNumbersLikeAtoi() {
        assertEquals(12, AdminProtocol.atoi("12abc"));
        assertEquals(-3, AdminProtocol.atoi("-3"));
        assertEquals(0, AdminProtocol.atoi("x"));
        assertEquals(Integer.MAX_VALUE, AdminProtocol.atoi("99999999999999"));
    }

    @Test
    void shouldListTheAdminConnectionItselfInWorkers() {
        assertEquals(session.id() + " 127.0.0.1 - :\n.\n", reply("workers"));
    }
}
