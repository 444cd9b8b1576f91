package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SET_CLIENT_ID;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gmdb.gearman.protocol.ErrorCode;
import org.gmdb.gearman.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin text protocol over a real socket, byte for byte: cases 1-7, 9, 35-36, 54-65. */
class AdminProtocolSocketIT {

    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void stop() throws IOException {
        fx.close();
    }

    private String created(RawConnection c) throws IOException {
        Packet p = c.readPacket();
        assertEquals(JOB_CREATED, p.type(), () -> "got " + p);
        return p.text(0);
    }

    @Test
    void shouldAnswerStatusOfAnEmptyServerWithADot() throws IOException { // case 1
        fx.connect().text("status\n").expectText(".\n");
    }

    @Test
    void shouldAnswerVersionGetpidAndVerbose() throws IOException { // cases 2, 3
        RawConnection a = fx.connect();
        a.text("version\n").expectText("OK 1.1.20-gmdb\n");
        a.text("getpid\n").expectText("OK " + ProcessHandle.current().pid() + "\n");
        a.text("verbose\n").expectText("OK ERROR\n");
        a.text("getpid x y z w\n").expectText("OK " + ProcessHandle.current().pid() + "\n");
    }

    @Test
    void shouldRefuseUnknownCommandsAndEmptyLines() throws IOException { // cases 4, 5
        RawConnection a = fx.connect();
        a.text("bogus\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+commandbogus\r\n");
        a.text("\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+command\r\n");
        a.text("\r\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+command\r\n");
        a.text("shutdown\r\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+commandshutdown\r\n");
        a.text("shutdown graceful\r\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+commandshutdown\r\n");
    }

    @Test
    void shouldTakeCommandsInAnyCaseWithCrLf() throws IOException { // case 6
        fx.connect().text("STATUS\r\n").expectText(".\n");
    }

    @Test
    void shouldAnswerPipelinedCommandsInOrder() throws IOException { // case 7
        fx.connect().text("version\nstatus\ngetpid\n")
                .expectText("OK 1.1.20-gmdb\n.\nOK " + ProcessHandle.current().pid() + "\n");
    }

    @Test
    void shouldMixBinaryAndTextOnOneConnection() throws IOException { // case 9
        RawConnection c = fx.connect();
        c.send(ECHO_REQ, "hello");
        c.text("status\n");
        c.expect(ECHO_RES, "hello");
        c.expectText(".\n");
    }

    @Test
    void shouldListWorkersWithClientIdAndFunctionsNewestFirst() throws IOException { // case 54, 55
        RawConnection w = fx.connect();
        w.send(SET_CLIENT_ID, "mail1-worker").send(CAN_DO, "mail1").send(CAN_DO, "mail1").send(CAN_DO, "e");
        // connections may be served by different threads: the round trip makes sure the registrations landed
        w.send(ECHO_REQ, "done").expect(ECHO_RES, "done");
        RawConnection a = fx.connect();
        a.text("status\n");
        List<String> status = a.readList();
        assertTrue(status.contains("mail1\t0\t0\t2"), status::toString);
        a.text("workers\n");
        List<String> workers = a.readList();
        assertEquals(2, workers.size(), workers::toString);
        assertTrue(Pattern.matches("\\d+ 127\\.0\\.0\\.1 mail1-worker : e mail1 mail1", workers.get(0)), workers::toString);
        assertTrue(Pattern.matches("\\d+ 127\\.0\\.0\\.1 - :", workers.get(1)), workers::toString);
    }

    @Test
    void shouldCountQueuedJobsPerPriority() throws IOException { // case 56
        RawConnection c = fx.connect();
        RawConnection w = fx.connect();
        c.send(SUBMIT_JOB_BG, "f", "", "running");
        created(c);
        w.send(CAN_DO, "f").send(GRAB_JOB);
        w.readPacket();
        c.send(SUBMIT_JOB_HIGH_BG, "f", "", "h").send(SUBMIT_JOB_BG, "f", "", "n1").send(SUBMIT_JOB_BG, "f", "", "n2");
        created(c);
        created(c);
        created(c);
        c.text("prioritystatus\n").expectText("f\t1\t2\t0\t1\n.\n");
        c.text("status\n").expectText("f\t4\t1\t1\n.\n");
    }

    @Test
    void shouldShowJobsWithRetriesIgnoreAndQueuedColumns() throws IOException { // case 57
        RawConnection c = fx.connect();
        c.send(SUBMIT_JOB_BG, "f", "", "bg");
        String bg = created(c);
        c.send(SUBMIT_JOB, "f", "", "fg");
        String fg = created(c);
        c.text("show jobs\n").expectText(bg + "\t0\t0\t1\n" + fg + "\t0\t0\t0\n.\n");
        c.text("SHOW JOBS\r\n").expectText(bg + "\t0\t0\t1\n" + fg + "\t0\t0\t0\n.\n");
    }

    @Test
    void shouldShowUniqueJobsIncludingEmptyOnes() throws IOException { // case 58
        RawConnection c = fx.connect();
        c.send(SUBMIT_JOB_BG, "f", "a", "1").send(SUBMIT_JOB_BG, "f", "", "2");
        created(c);
        created(c);
        c.text("show unique jobs\n");
        assertEquals(Set.of("a", ""), Set.copyOf(c.readList()));
    }

    @Test
    void shouldCancelAQueuedForegroundJob() throws IOException { // case 59
        RawConnection c = fx.connect();
        c.send(SUBMIT_JOB, "f", "", "d");
        String h = created(c);
        RawConnection a = fx.connect();
        a.text("cancel job " + h + "\r\n").expectText("OK\r\n");
        c.expect(WORK_FAIL, h);
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).expect(NO_JOB);
        a.text("cancel job " + h + "\r\n").expectText("ERR UNKNOWN_JOB\r\n");
    }

    @Test
    void shouldRefuseIncompleteCancelAndShow() throws IOException { // cases 60, 64
        RawConnection a = fx.connect();
        a.text("cancel job\r\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+commandcancel\r\n");
        a.text("cancel\r\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+commandcancel\r\n");
        a.text("cancel job a b\r\n").expectText("ERR UNKNOWN_ERROR\r\n");
        a.text("show\r\n").expectText("ERR UNKNOWN_COMMAND Unknown+server+commandshow\r\n");
        a.text("show foo\r\n").expectText("ERR UNKNOWN_SHOW_ARGUMENTS\r\n");
        a.text("show jobs x\r\n").expectText("ERR UNKNOWN_SHOW_ARGUMENTS\r\n");
    }

    @Test
    void shouldCreateAndDropFunctions() throws IOException { // case 61
        RawConnection a = fx.connect();
        a.text("create function zz\r\n").expectText("OK\r\n");
        a.text("status\n").expectText("zz\t0\t0\t0\n.\n");
        a.text("drop function zz\r\n").expectText("OK\r\n");
        a.text("drop function zz\r\n").expectText("ERR function not found\r\n");
        a.text("create function bar\n").expectText("OK\r\n");
        a.text("status\n").expectText("bar\t0\t0\t0\n.\n"); // the whole name, also with a bare LF
        a.text("create function\r\n")
                .expectText("ERR INVALID_ARGUMENTS An+incomplete+set+of+arguments+was+sent+to+this+command+create\r\n");
        a.text("drop x f\r\n")
                .expectText("ERR INVALID_ARGUMENTS An+incomplete+set+of+arguments+was+sent+to+this+command+drop\r\n");
    }

    @Test
    void shouldRefuseToDropAFunctionWithAWorker() throws IOException { // case 62
        RawConnection w = fx.connect();
        w.send(CAN_DO, "f").send(ECHO_REQ, "sync").expect(ECHO_RES, "sync");
        fx.connect().text("drop function f\r\n")
                .expectText("ERR there are still connected workers or executing clients\r\n");
    }

    @Test
    void shouldApplyMaxqueueAndRefuseItWithoutArguments() throws IOException { // cases 35, 36, 63
        RawConnection a = fx.connect();
        a.text("maxqueue\r\n")
                .expectText("ERR INVALID_ARGUMENTS An+incomplete+set+of+arguments+was+sent+to+this+command+maxqueue\r\n");
        a.send(SUBMIT_JOB_BG, "f", "", "1");
        created(a);
        a.text("maxqueue f 5 1 0\r\n").expectText("OK\r\n");
        a.send(SUBMIT_JOB_HIGH_BG, "f", "", "h");
        created(a);
        a.send(SUBMIT_JOB_BG, "f", "", "n").expect(org.gmdb.gearman.protocol.PacketType.ERROR, "QUEUE_ERROR",
                "Job queue is full");
        a.send(SUBMIT_JOB_LOW_BG, "f", "", "l");
        created(a);
        a.text("maxqueue f 2\r\n").expectText("OK\r\n");
        a.send(SUBMIT_JOB_LOW_BG, "f", "", "l2").expect(org.gmdb.gearman.protocol.PacketType.ERROR, "QUEUE_ERROR",
                "Job queue is full");
        a.text("maxqueue f\r\n").expectText("OK\r\n"); // back to unlimited
        a.send(SUBMIT_JOB_LOW_BG, "f", "", "l3");
        created(a);
        a.text("maxqueue nosuch 1\r\n").expectText("OK\r\n");
        a.text("status\n").expectText("f\t4\t0\t0\n.\n");
    }

    @Test
    void shouldCloseOnASixthWordAndKeepServingOthers() throws IOException { // case 65
        RawConnection other = fx.connect();
        RawConnection bad = fx.connect();
        bad.text("a b c d e f\r\n");
        assertEquals(0, bad.expectClosed().length);
        other.text("status\n").expectText(".\n");
        fx.connect().text("status x\n").expectText(".\n");
    }

    @Test
    void shouldUseTheDefaultHandleShapeWithTheHostName() throws IOException { // case 11's handle
        try (ServerFixture plain = new ServerFixture(b -> b.handlePrefix("H:" + "vm"))) {
            RawConnection c = plain.connect();
            c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED, "H:vm:1");
        }
        var config = org.gmdb.jobserver.JobServerConfig.builder().build();
        assertTrue(config.handlePrefix().startsWith("H:"), config.handlePrefix());
        assertEquals(ErrorCode.QUEUE_ERROR.name(), "QUEUE_ERROR");
    }

    @Test
    void shouldAssignJobsOverTheSocket() throws IOException { // case 17 end to end
        RawConnection c = fx.connect();
        c.send(SUBMIT_JOB, "f", "u", "payload\0with nul");
        String h = created(c);
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "payload\0with nul");
    }
}
