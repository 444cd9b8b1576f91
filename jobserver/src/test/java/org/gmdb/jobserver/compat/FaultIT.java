package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.ExternalCommand;
import org.gmdb.jobserver.compat.support.MySqlDatabase;
import org.gmdb.jobserver.compat.support.PeerOptions;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults with real processes: a Perl worker killed with -9 in the middle of a job, and the
 * job server itself killed with -9 while background jobs wait in its MySQL queue. gearmand
 * runs every scenario as the control. (Garbage bytes from a client: {@link MalformedInputIT}.)
 */
class FaultIT {

    private static final String INPUT = "MySQL Webinar";
    private static final int BACKGROUND_JOBS = 20;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"gearmand", "ours"})
    void shouldGiveJobOfKilledWorkerToNextWorkerAndAnswerTheWaitingClient(String server) {
        scenario(server, PeerOptions.DEFAULT, "worker-kill-9", s -> {
            Session c = s.open("C");
            try (ExternalCommand sleepy = ExternalCommand.start("perl", ExternalCommand.resource("sleepy-worker.pl"),
                    s.server().address())) {
                String h = c.send(SUBMIT_JOB, "reverse", "", INPUT).expect(JOB_CREATED).text(0);
                assertTrue(sleepy.awaitOutput("started " + INPUT, 10_000), "sleepy worker never got the job" + sleepy.describeOutput());
                sleepy.kill();
                c.expectSilence(100);
                try (ExternalCommand worker = ExternalCommand.start("perl", ExternalCommand.resource("reverse-worker.pl"),
                        s.server().address())) {
                    Optional<Packet> result = c.poll(10_000);
                    assertTrue(result.isPresent(), "no result 10 s after the second worker started" + worker.describeOutput());
                    assertEquals(Packet.response(WORK_COMPLETE, h, "ranibeW LQSyM"), result.get());
                }
            }
        });
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"gearmand", "ours"})
    void shouldRunEveryAcknowledgedBackgroundJobOnceAfterServerKill9(String server) {
        try (MySqlDatabase database = MySqlDatabase.create("fault")) {
            scenario(server, PeerOptions.DEFAULT.withMysqlQueue(database.name()), "server-kill-9-mysql", s -> {
                Session c = s.open("C");
                Session w = s.open("W").send(CAN_DO, "work");
                String done = c.send(SUBMIT_JOB_BG, "work", "done-before", "done-before").expect(JOB_CREATED).text(0);
                w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, done, "work", "done-before", "done-before");
                w.send(WORK_COMPLETE, done, "ok").sync();
                assertTrue(awaitNoRowFor("done-before", database), "row of the completed job still there after 2 s: "
                        + database.queueRows());

                List<String> acknowledged = new ArrayList<>();
                for (int i = 0; i < BACKGROUND_JOBS; i++) {
                    String data = "payload-" + i;
                    c.send(SUBMIT_JOB_BG, "work", "job-" + i, data).expect(JOB_CREATED);
                    acknowledged.add(data);
                }
                if (s.isOurs()) { // gearmand's MySQL queue refuses a second empty unique (case 72)
                    for (String data : List.of("empty-unique-a", "empty-unique-b")) {
                        c.send(SUBMIT_JOB_BG, "work", "", data).expect(JOB_CREATED);
                        acknowledged.add(data);
                    }
                }
                s.server().kill();
                s.server().start();

                Session w2 = s.open("W2").send(CAN_DO, "work");
                List<String> ran = new ArrayList<>();
                while (ran.size() <= acknowledged.size() + 1) {
                    Packet packet = w2.send(GRAB_JOB_UNIQ).read();
                    if (packet.type() == NO_JOB) {
                        break;
                    }
                    assertEquals(JOB_ASSIGN_UNIQ, packet.type(), packet.toString());
                    ran.add(packet.text(3));
                    w2.send(WORK_COMPLETE, packet.text(0), "ok");
                }
                w2.sync();
                List<String> expected = new ArrayList<>(acknowledged);
                expected.sort(null);
                ran.sort(null);
                assertEquals(expected, ran, "jobs run after the restart (each acknowledged job exactly once, "
                        + "the completed one never)");
                assertTrue(awaitRows(database, List.of()), "rows left after every job completed: " + database.queueRows());
            });
        }
    }

    private static void scenario(String server, PeerOptions options, String label, org.gmdb.jobserver.compat.support.Scenario scenario) {
        Differential.run(label, server.equals("gearmand"), options, scenario);
    }

    private static boolean awaitNoRowFor(String unique, MySqlDatabase database) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2_000;
        while (database.queueRows().stream().anyMatch(row -> row.startsWith(unique + "/"))) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static boolean awaitRows(MySqlDatabase database, List<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2_000;
        while (!database.queueRows().equals(expected)) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
