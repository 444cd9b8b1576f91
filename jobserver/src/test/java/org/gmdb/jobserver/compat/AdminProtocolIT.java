package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SET_CLIENT_ID;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/**
 * The admin text protocol (reference section 4), cases 1-7, 9 and 54-65 of section 8:
 * each scenario runs on a fresh gearmand and a fresh server of ours and the transcripts
 * must match after normalisation.
 */
class AdminProtocolIT {

    @Test
    void shouldAnswerStatusOnEmptyServerWithDotLine() {   // case 1
        Differential.compare("case01-status-empty", s -> {
            Session a = s.open("A");
            assertEquals(".\n", a.admin("status"));
        });
    }

    @Test
    void shouldAnswerVersionAndGetpidWithOkLines() {   // cases 2, 3
        Differential.compare("case02-03-version-getpid", s -> {
            Session a = s.open("A");
            String version = a.admin("version");
            assertTrue(version.startsWith("OK ") && version.endsWith("\n") && !version.endsWith("\r\n"), version);
            String pid = a.admin("getpid");
            assertTrue(pid.matches("OK \\d+\n"), pid);
            if (s.isGearmand()) {
                assertEquals("OK " + s.server().pid().orElseThrow() + "\n", pid);
            }
        });
    }

    @Test
    void shouldRefuseUnknownAndEmptyCommandsWithUnknownCommandError() {   // cases 4, 5
        Differential.compare("case04-05-unknown-command", s -> {
            Session a = s.open("A");
            assertEquals("ERR UNKNOWN_COMMAND Unknown+server+commandbogus\r\n", a.admin("bogus"));
            assertEquals("ERR UNKNOWN_COMMAND Unknown+server+command\r\n", a.admin(""));
            assertEquals("ERR UNKNOWN_COMMAND Unknown+server+commandshutdown\r\n", a.admin("shutdown"));
            assertEquals("ERR UNKNOWN_COMMAND Unknown+server+commandshutdown\r\n", a.admin("shutdown graceful"));
            assertEquals("ERR UNKNOWN_COMMAND Unknown+server+commandshow\r\n", a.admin("show"));
        });
    }

    @Test
    void shouldAcceptUpperCaseCommandWithCrLf() {   // case 6
        Differential.compare("case06-upper-crlf", s -> {
            Session a = s.open("A");
            a.sendText("STATUS\r\n");
            assertEquals(List.of(), a.readList());
            a.sendText("Version x y\r\n");
            assertTrue(a.readLine().startsWith("OK "));
            a.sendText("status x\n");
            assertEquals(List.of(), a.readList());
        });
    }

    @Test
    void shouldAnswerPipelinedCommandsInOrder() {   // case 7
        Differential.compare("case07-pipelined", s -> {
            Session a = s.open("A");
            a.sendText("version\nstatus\ngetpid\n");
            assertTrue(a.readLine().startsWith("OK "));
            assertEquals(".\n", a.readLine());
            assertTrue(a.readLine().matches("OK \\d+\n"));
        });
    }

    @Test
    void shouldMixBinaryAndTextOnOneConnection() {   // case 9
        Differential.compare("case09-binary-then-text", s -> {
            Session c = s.open("C");
            c.send(ECHO_REQ, "hi");
            c.sendText("status\n");
            c.expect(ECHO_RES, "hi");
            assertEquals(".\n", c.readLine());
            c.sendText("status\n").send(ECHO_REQ, "again");
            assertEquals(".\n", c.readLine());
            c.expect(ECHO_RES, "again");
        });
    }

    @Test
    void shouldListWorkerWithClientIdAndFunctionsNewestFirst() {   // cases 54, 55
        Differential.compare("case54-55-workers", s -> {
            Session a = s.open("A");
            List<String> idle = a.adminList("workers");
            assertEquals(1, idle.size(), idle.toString());
            assertTrue(idle.get(0).matches("\\d+ 127\\.0\\.0\\.1 - :"), idle.get(0));
            Session w = s.open("W");
            w.send(SET_CLIENT_ID, "mail1-worker").send(CAN_DO, "mail1").send(CAN_DO, "mail1").send(CAN_DO, "e").sync();
            List<String> workers = a.adminList("workers");
            assertTrue(workers.stream().anyMatch(l -> l.matches("\\d+ 127\\.0\\.0\\.1 mail1-worker : e mail1 mail1")),
                    workers.toString());
            assertTrue(a.adminList("status").contains("mail1\t0\t0\t2"));
            w.send(SET_CLIENT_ID, "renamed with spaces").sync();
            assertTrue(a.adminList("workers").stream().anyMatch(l -> l.endsWith(" renamed with spaces : e mail1 mail1")));
        });
    }

    @Test
    void shouldCountQueuedJobsPerPriorityInPrioritystatus() {   // case 56
        Differential.compare("case56-prioritystatus", s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            Session a = s.open("A");
            w.send(CAN_DO, "f").sync();
            c.send(SUBMIT_JOB_BG, "f", "n1", "d").expect(JOB_CREATED);
            w.send(GRAB_JOB).expect(JOB_ASSIGN);
            c.send(SUBMIT_JOB_HIGH_BG, "f", "h1", "d").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "n2", "d").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "n3", "d").expect(JOB_CREATED);
            assertEquals(List.of("f\t1\t2\t0\t1"), a.adminList("prioritystatus"));
            assertEquals(List.of("f\t4\t1\t1"), a.adminList("status"));
        });
    }

    @Test
    void shouldShowJobsWithRetriesIgnoreAndQueuedColumns() {   // case 57
        Differential.compare("case57-show-jobs", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            String bg = c.send(SUBMIT_JOB_BG, "f", "u1", "d").expect(JOB_CREATED).text(0);
            assertEquals(List.of(bg + "\t0\t0\t1"), a.adminList("show jobs"));
            String fg = c.send(SUBMIT_JOB, "f", "u2", "d").expect(JOB_CREATED).text(0);
            List<String> jobs = a.adminList("show jobs");
            assertTrue(jobs.contains(fg + "\t0\t0\t0"), jobs.toString());
            assertEquals("ERR UNKNOWN_SHOW_ARGUMENTS\r\n", a.admin("show jobs x"));
        });
    }

    @Test
    void shouldShowUniqueJobsIncludingEmptyUnique() {   // case 58
        Differential.compare("case58-show-unique-jobs", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            c.send(SUBMIT_JOB_BG, "f", "a", "d").expect(JOB_CREATED);
            c.send(SUBMIT_JOB_BG, "f", "", "d").expect(JOB_CREATED);
            List<String> uniques = a.adminList("show unique jobs");
            assertEquals(List.of("", "a"), uniques.stream().sorted().toList());
        });
    }

    @Test
    void shouldCancelQueuedForegroundJobAndFailItsClient() {   // case 59
        Differential.compare("case59-cancel-queued", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            Session w = s.open("W");
            String handle = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            assertEquals("OK\r\n", a.admin("cancel job " + handle));
            c.expect(WORK_FAIL, handle);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(NO_JOB);
            assertEquals("ERR UNKNOWN_JOB\r\n", a.admin("cancel job " + handle));
            assertEquals("ERR UNKNOWN_JOB\r\n", a.admin("cancel job H:nowhere:99"));
        });
    }

    @Test
    void shouldDetachListenersOfCancelledRunningJob() {   // section 7 deviation: gearmand sends FAIL, then COMPLETE too
        Differential.compare("cancel-running-job", s -> {
            Session c = s.open("C");
            Session a = s.open("A");
            Session w = s.open("W");
            String handle = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, handle, "f", "d");
            assertEquals("OK\r\n", a.admin("cancel job " + handle));
            c.expect(WORK_FAIL, handle);
            w.send(WORK_COMPLETE, handle, "late");
            s.unrecorded(() -> {
                if (s.isOurs()) {
                    c.expectSilence();
                } else {
                    c.expect(WORK_COMPLETE, handle, "late");
                }
            });
            c.send(ECHO_REQ, "alive").expect(ECHO_RES, "alive");
        });
    }

    @Test
    void shouldKeepWholeFunctionNameInCreateFunctionWithBareLf() {   // section 7 deviation: gearmand drops the last char
        Differential.compare("create-function-bare-lf", s -> {
            Session a = s.open("A");
            assertEquals("OK\r\n", a.admin("create function bar"));
            s.unrecorded(() -> assertEquals(List.of(s.isOurs() ? "bar\t0\t0\t0" : "ba\t0\t0\t0"), a.adminList("status")));
        });
    }

    @Test
    void shouldRefuseCancelWithoutHandle() {   // case 60
        Differential.compare("case60-cancel-without-handle", s -> {
            Session a = s.open("A");
            assertEquals("ERR UNKNOWN_COMMAND Unknown+server+commandcancel\r\n", a.admin("cancel job"));
            assertEquals("ERR UNKNOWN_COMMAND Unknown+server+commandcancel\r\n", a.admin("cancel"));
            assertEquals("ERR UNKNOWN_ERROR\r\n", a.admin("cancel job H:x:1 extra"));
        });
    }

    @Test
    void shouldCreateAndDropFunction() {   // case 61
        Differential.compare("case61-create-drop-function", s -> {
            Session a = s.open("A");
            a.sendText("create function zz\r\n");
            assertEquals("OK\r\n", a.readLine());
            assertEquals(List.of("zz\t0\t0\t0"), a.adminList("status"));
            a.sendText("drop function zz\r\n");
            assertEquals("OK\r\n", a.readLine());
            a.sendText("drop function zz\r\n");
            assertEquals("ERR function not found\r\n", a.readLine());
        });
    }

    @Test
    void shouldRefuseDropFunctionWhileWorkerRegistered() {   // case 62
        Differential.compare("case62-drop-with-worker", s -> {
            Session w = s.open("W");
            Session a = s.open("A");
            w.send(CAN_DO, "f").sync();
            assertEquals("ERR there are still connected workers or executing clients\r\n", a.admin("drop function f"));
            assertEquals(List.of("f\t0\t0\t1"), a.adminList("status"));
        });
    }

    @Test
    void shouldRefuseMaxqueueWithoutArgumentsButAcceptUnknownFunction() {   // case 63
        Differential.compare("case63-maxqueue-arguments", s -> {
            Session a = s.open("A");
            assertEquals("ERR INVALID_ARGUMENTS An+incomplete+set+of+arguments+was+sent+to+this+command+maxqueue\r\n",
                    a.admin("maxqueue"));
            assertEquals("OK\r\n", a.admin("maxqueue nosuch"));
            assertEquals("OK\r\n", a.admin("maxqueue nosuch 3"));
            assertEquals(List.of(), a.adminList("status"));
        });
    }

    @Test
    void shouldRefuseUnknownShowArgument() {   // case 64
        Differential.compare("case64-show-foo", s -> {
            Session a = s.open("A");
            assertEquals("ERR UNKNOWN_SHOW_ARGUMENTS\r\n", a.admin("show foo"));
        });
    }

    @Test
    void shouldCloseConnectionOnSixWordLineAndKeepServingOthers() {   // case 65
        Differential.compare("case65-six-words", s -> {
            Session a = s.open("A");
            Session other = s.open("B");
            a.sendText("status a b c d e\n");
            a.expectClosedWithoutReply();
            assertEquals(".\n", other.admin("status"));
        });
    }
}
