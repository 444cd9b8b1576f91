package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_DATA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that does not read cannot make the server buffer without bound: its own input is
 * paused, a worker feeding it is paused, and past the hard cap it is disconnected.
 */
class BackpressureIT {

    private static final int CHUNK = 16 * 1024;
    private static final int CHUNKS = 1024; // 16 MB in all: more than the buffers on the way
    private static final int HIGH_WATER = 32 * 1024;
    private static final int HARD_CAP = 256 * 1024;
    /** High-water mark, plus one read's worth of replies (64 KiB), plus one reply more. */
    private static final long MAX_HELD = HIGH_WATER + 64 * 1024 + CHUNK + 64;

    private final ServerFixture fx = new ServerFixture(b -> b.writeBufferWaterMarks(8 * 1024, HIGH_WATER)
            .maxPendingOutput(HARD_CAP));

    @AfterEach
    void stop() throws IOException {
        fx.close();
    }

    /** Writes packets on another thread; tells how many bytes went out. */
    private static CompletableFuture<Void> writeInBackground(RawConnection c, byte[] packet, int times, AtomicLong sent) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < times; i++) {
                    c.write(packet);
                    sent.addAndGet(packet.length);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits until the writer has stopped making progress (blocked by TCP), within bounds. */
    private static long stalledAt(AtomicLong sent) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            Thread.sleep(100);
            long now = sent.get();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /**
     * The server's own share of what the stalled writer sent: its output buffers stay within
     * the high-water mark plus what one read brings in, far below the hard cap (at which the
     * connection would be closed, not held).
     */
    private void assertServerHoldsLittle(long stalled) {
        long held = fx.server.pendingOutputBytes();
        assertTrue(held <= MAX_HELD, "the server holds " + held + " bytes of output for a peer that does not read "
                + "(expected: <= " + MAX_HELD + "; " + stalled + " bytes sent to it)");
    }

    @Test
    void shouldStopReadingFromAClientThatDoesNotReadAndLoseNothing() throws Exception {
        RawConnection c = fx.connectSlow();
        byte[] data = new byte[CHUNK];
        Arrays.fill(data, (byte) 'e');
        byte[] echo = GearmanEncoder.toBytes(new Packet(Magic.REQ, PacketType.ECHO_REQ, data));
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> writer = writeInBackground(c, echo, CHUNKS, sent);
        long stalled = stalledAt(sent);
        assertTrue(stalled < 12L * 1024 * 1024, "the server kept reading: " + stalled + " bytes accepted");
        assertTrue(!writer.isDone(), "the writer should be blocked");
        assertServerHoldsLittle(stalled);
        fx.connect().text("status\n").expectText(".\n"); // others are served meanwhile
        for (int i = 0; i < CHUNKS; i++) {
            Packet reply = c.readPacket();
            assertEquals(ECHO_RES, reply.type());
            assertEquals(CHUNK, reply.field(0).length);
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldPauseAWorkerWhoseDataFillsASlowClient() throws Exception {
        RawConnection client = fx.connectSlow();
        client.send(SUBMIT_JOB, "f", "", "d");
        String h = client.readPacket().text(0);
        RawConnection worker = fx.connectSlow();
        worker.send(CAN_DO, "f").send(GRAB_JOB);
        assertEquals(JOB_ASSIGN, worker.readPacket().type());
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'd');
        byte[] workData = GearmanEncoder.toBytes(new Packet(Magic.REQ, WORK_DATA, h.getBytes(), chunk));
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> writer = writeInBackground(worker, workData, CHUNKS, sent);
        long stalled = stalledAt(sent);
        assertTrue(stalled < 12L * 1024 * 1024, "the worker was never paused: " + stalled + " bytes accepted");
        assertTrue(!writer.isDone(), "the worker should be blocked");
        assertServerHoldsLittle(stalled);
        for (int i = 0; i < CHUNKS; i++) {
            Packet data = client.readPacket();
            assertEquals(WORK_DATA, data.type());
            assertArrayEquals(chunk, data.field(1));
        }
        writer.get(10, TimeUnit.SECONDS);
        worker.send(WORK_COMPLETE, h, "end");
        client.expect(WORK_COMPLETE, h, "end");
    }

    @Test
    void shouldCloseAConnectionWhoseOutputPassesTheHardCap() throws IOException {
        RawConnection c = fx.connect();
        String padding = "u".repeat(50);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        int jobs = 6000; // 6000 uniques of ~55 bytes: a 330 kB listing
        for (int i = 0; i < jobs; i++) {
            batch.write(GearmanEncoder.toBytes(RawConnection.req(SUBMIT_JOB_BG, "f", padding + i, "")));
        }
        c.write(batch.toByteArray());
        for (int i = 0; i < jobs; i++) {
            assertEquals(JOB_CREATED, c.readPacket().type());
        }
        RawConnection admin = fx.connect();
        admin.text("show unique jobs\n");
        admin.expectClosed();
        fx.connect().text("status\n").expectText("f\t" + jobs + "\t0\t0\n.\n");
    }
}
