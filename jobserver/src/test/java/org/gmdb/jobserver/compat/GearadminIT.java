package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SET_CLIENT_ID;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.ExternalCommand;
import org.gmdb.jobserver.compat.support.Script;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code gearadmin} 1.1.20 against the same server state on gearmand and ours: every
 * option's output (stdout and stderr, exit code) must match after normalisation (handles,
 * fds, pid, version).
 */
class GearadminIT {

    @Test
    void shouldPrintTheSameGearadminOutputAsGearmandForTheSameState() {
        Differential.compare("gearadmin-outputs", s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            Session busy = s.open("B");
            w.send(SET_CLIENT_ID, "worker-one").send(CAN_DO, "f").send(CAN_DO, "g").sync();
            busy.send(CAN_DO, "run").sync();
            c.send(SUBMIT_JOB_BG, "f", "u1", "d").expect(JOB_CREATED);
            String foreground = c.send(SUBMIT_JOB, "f", "u2", "d").expect(JOB_CREATED).text(0);
            c.send(SUBMIT_JOB_HIGH_BG, "g", "", "x").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "run", "r1", "x").expect(JOB_CREATED);
            busy.send(GRAB_JOB).expect(JOB_ASSIGN);

            gearadmin(s, true, "--status");
            gearadmin(s, true, "--priority-status");
            gearadmin(s, true, "--workers");
            gearadmin(s, true, "--show-jobs");
            gearadmin(s, true, "--show-unique-jobs");
            gearadmin(s, false, "--create-function", "zz");
            gearadmin(s, true, "--status");
            gearadmin(s, false, "--drop-function", "zz");
            gearadmin(s, false, "--drop-function", "zz");
            gearadmin(s, false, "--drop-function", "f");
            // last: gearmand keeps a cancelled queued job in status until a GRAB reaps it, ours may not
            gearadmin(s, false, "--cancel-job", foreground);
            c.expect(WORK_FAIL, foreground);
            gearadmin(s, false, "--cancel-job", "H:nowhere:1");

            ExternalCommand pid = run(s, "--getpid");
            assertEquals(s.server().pid().orElseThrow() + "\n", pid.stdout(), pid.describeOutput());
            s.note("--getpid: <pid>, exit " + pid.exitCode());
            ExternalCommand version = run(s, "--server-version");
            assertFalse(version.stdout().isBlank(), version.describeOutput());
            if (s.isGearmand()) {
                assertEquals("1.1.20+ds\n", version.stdout());
            }
            s.note("--server-version: <version>, exit " + version.exitCode());
            w.send(GRAB_JOB).expect(JOB_ASSIGN); // a queued job is still there for a worker
            busy.send(GRAB_JOB).expect(NO_JOB);
        });
    }

    /** Runs gearadmin and records its exit code and output lines (sorted for lists, which come in hash order). */
    private static void gearadmin(Script s, boolean list, String... options) {
        ExternalCommand result = run(s, options);
        String label = String.join(" ", options);
        List<String> lines = new ArrayList<>(result.stdout().lines().toList());
        if (list) {
            lines.sort(java.util.Comparator.comparing((String line) -> line.replaceFirst("^\\d+ ", "")));
        }
        s.note("gearadmin " + label + " exit " + result.exitCode());
        for (String line : lines) {
            s.note("gearadmin< " + line.replaceAll("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "<uuid>"));
        }
        for (String line : result.stderr().lines().toList()) {
            s.note("gearadmin stderr< " + line);
        }
    }

    private static ExternalCommand run(Script s, String... options) {
        List<String> command = new ArrayList<>(List.of("gearadmin", "-h", s.server().host(), "-p",
                Integer.toString(s.server().port())));
        command.addAll(List.of(options));
        return ExternalCommand.run(10_000, command.toArray(String[]::new));
    }
}
