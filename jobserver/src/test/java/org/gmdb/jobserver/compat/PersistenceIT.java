package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_EXCEPTION;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.FreePort;
import org.gmdb.jobserver.compat.support.MySqlDatabase;
import org.gmdb.jobserver.compat.support.PeerOptions;
import org.gmdb.jobserver.compat.support.ProcessPeer;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MySQL persistent queue seen from outside (reference 5.1, 5.2): gearmand with
 * {@code -q MySQL} and our server process with {@code --queue mysql://...}, each on its own
 * database; cases 69-73. Both use a {@code gearman_queue} table with the columns
 * {@code unique_key, function_name, priority, data, when_to_run}.
 */
class PersistenceIT {

    private final List<MySqlDatabase> databases = new ArrayList<>();
    private MySqlDatabase current;

    private PeerOptions freshQueue() {
        current = MySqlDatabase.create("persist");
        databases.add(current);
        return PeerOptions.DEFAULT.withMysqlQueue(current.name());
    }

    /**
     * The rows once they equal the expectation, or after 2 s: nothing acknowledges a finished
     * job to its worker, so a server may delete the row a moment after the WORK_* packet.
     */
    private List<String> awaitRows(List<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2_000;
        List<String> rows = current.queueRows();
        while (!rows.equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            rows = current.queueRows();
        }
        return rows;
    }

    @AfterEach
    void dropDatabases() {
        databases.forEach(MySqlDatabase::close);
    }

    @Test
    void shouldStoreOnlyBackgroundJobsAndDeleteRowsWhenJobsEnd() {   // cases 69, 70
        Differential.compare("case69-70-rows", this::freshQueue, s -> {
            Session c = s.open("C");
            String hh = c.send(SUBMIT_JOB_HIGH_BG, "f", "uh", "high").expect(JOB_CREATED).text(0);
            String hn = c.send(SUBMIT_JOB_BG, "f", "un", "normal").expect(JOB_CREATED).text(0);
            String hl = c.send(SUBMIT_JOB_LOW_BG, "f", "ul", "low").expect(JOB_CREATED).text(0);
            c.send(SUBMIT_JOB, "f", "ufg", "foreground").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "un", "coalesced").expect(JOB_CREATED, hn);
            List<String> all = List.of("uh/f/0/0/high", "ul/f/2/0/low", "un/f/1/0/normal");
            assertEquals(all, current.queueRows());
            s.note("rows " + current.queueRows());
            Session w = s.open("W").send(CAN_DO, "f");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, hh, "f", "high");
            assertEquals(all, current.queueRows(), "a running job keeps its row");
            w.send(WORK_COMPLETE, hh, "r").sync();
            assertEquals(List.of("ul/f/2/0/low", "un/f/1/0/normal"), awaitRows(List.of("ul/f/2/0/low", "un/f/1/0/normal")));
            w.send(GRAB_JOB).expect(JOB_ASSIGN, hn, "f", "normal");
            w.send(WORK_FAIL, hn).sync();
            w.send(GRAB_JOB).expect(JOB_ASSIGN);  // the foreground job, never stored
            w.send(GRAB_JOB).expect(JOB_ASSIGN, hl, "f", "low");
            assertEquals(List.of("ul/f/2/0/low"), awaitRows(List.of("ul/f/2/0/low")));
            w.send(WORK_EXCEPTION, hl, "boom").sync();
            assertEquals(List.of(), awaitRows(List.of()));
            s.note("rows " + current.queueRows());
        });
    }

    @Test
    void shouldReplayRowsWithTheirPrioritiesAfterRestart() {   // case 71
        Differential.compare("case71-replay", this::freshQueue, s -> {
            Session c = s.open("C");
            c.send(SUBMIT_JOB_HIGH_BG, "f", "a", "first").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_LOW_BG, "f", "b", "second").expect(JOB_CREATED);
            c.close();
            s.server().restart();
            Session a = s.open("A");
            assertEquals(List.of("f\t2\t0\t0"), a.adminList("status"));
            assertEquals(List.of("f\t1\t0\t1\t0"), a.adminList("prioritystatus"));
            Session w = s.open("W").send(CAN_DO, "f");
            assertEquals("first", w.send(GRAB_JOB).expect(JOB_ASSIGN).text(2));
            assertEquals("second", w.send(GRAB_JOB).expect(JOB_ASSIGN).text(2));
        });
    }

    @Test
    void shouldKeepTwoBackgroundJobsWithEmptyUniqueAcrossRestart() {   // case 72 (ours); gearmand refuses the 2nd
        Differential.run("case72-empty-uniques-control", true, freshQueue(), s -> {
            Session c = s.open("C");
            c.send(SUBMIT_JOB_BG, "f", "", "one").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "", "two").expect(ERROR, "QUEUE_ERROR", "QUEUE_ERROR");
        });
        Differential.expectOnOurs("case72-empty-uniques", freshQueue(), s -> {
            Session c = s.open("C");
            c.send(SUBMIT_JOB_BG, "f", "", "one").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "", "two").expect(JOB_CREATED);
            c.close();
            s.server().restart();
            Session w = s.open("W").send(CAN_DO, "f");
            List<String> data = new ArrayList<>(List.of(w.send(GRAB_JOB).expect(JOB_ASSIGN).text(2),
                    w.send(GRAB_JOB).expect(JOB_ASSIGN).text(2)));
            data.sort(null);
            assertEquals(List.of("one", "two"), data);
        });
    }

    @Test
    void shouldFinishRunningJobThenExitOnGracefulStop() {   // case 73: SIGUSR1
        // with a queue, so that our server runs as a process that can get the signal
        Differential.compare("case73-graceful-stop", this::freshQueue, s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
            ((ProcessPeer) s.server()).signal("USR1");
            s.unrecorded(() -> {
                long deadline = System.currentTimeMillis() + 2_000;
                while (FreePort.accepts(s.server().port()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
            });
            assertFalse(FreePort.accepts(s.server().port()), "new connections still accepted after SIGUSR1");
            w.send(WORK_COMPLETE, h, "done");
            c.expect(WORK_COMPLETE, h, "done");
            // gearmand checks for its graceful exit only when an event comes in; once it kept running
            // with both connections idle for 15 s. Closing them is such an event (ours exits when idle).
            c.close();
            w.close();
            assertTrue(((ProcessPeer) s.server()).awaitExit(15_000), "process still running 15 s after its last job");
        });
    }
}
