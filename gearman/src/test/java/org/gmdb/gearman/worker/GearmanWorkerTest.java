package org.gmdb.gearman.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.GearmanJobFailedException;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.gearman.testing.FakeGearmanServer;
import org.gmdb.gearman.testing.FakeGearmanServer.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker's side of the protocol, packet by packet, against a scripted server. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GearmanWorkerTest {

    private final FakeGearmanServer server = new FakeGearmanServer();
    private GearmanWorker worker;

    @AfterEach
    void closeAll() {
        if (worker != null) {
            worker.close();
        }
        server.close();
    }

    private GearmanWorker.Builder builder() {
        return GearmanWorker.builder().servers(server.address().toString())
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
    }

    private static Packet assign(String handle, String function, String unique, String data) {
        return Packet.response(PacketType.JOB_ASSIGN_UNIQ, handle, function, unique, data);
    }

    @Test
    void shouldRunTheGrabSleepWakeLoop() throws Exception {
        worker = builder().clientId("w-1").build()
                .register("upper", job -> job.unique().concat(":").concat(new String(job.data(), UTF_8)).toUpperCase()
                        .getBytes(UTF_8))
                .start();

        assertEquals(Packet.request(PacketType.SET_CLIENT_ID, "w-1"), server.next().packet());
        assertEquals(Packet.request(PacketType.CAN_DO, "upper"), server.next().packet());
        Received grab = server.next(PacketType.GRAB_JOB_UNIQ);
        grab.reply(Packet.response(PacketType.NO_JOB));
        Received sleep = server.next(PacketType.PRE_SLEEP);
        assertNull(server.poll(100), "nothing more while asleep");

        sleep.reply(Packet.response(PacketType.NOOP));
        server.next(PacketType.GRAB_JOB_UNIQ).reply(assign("H:1", "upper", "u", "abc"));

        assertEquals(Packet.request(PacketType.WORK_COMPLETE, "H:1", "U:ABC"), server.next().packet());
        server.next(PacketType.GRAB_JOB_UNIQ).reply(Packet.response(PacketType.NO_JOB));
        server.next(PacketType.PRE_SLEEP);
    }

    @Test
    void shouldSendWorkFailOrWorkExceptionWhenTheFunctionThrows() throws Exception {
        worker = builder().build()
                .register("fail", job -> {
                    throw new GearmanJobFailedException(job.handle());
                })
                .register("throw", job -> {
                    throw new IllegalArgumentException("bad input");
                })
                .start();
        server.next(PacketType.CAN_DO);
        server.next(PacketType.CAN_DO);

        server.next(PacketType.GRAB_JOB_UNIQ).reply(assign("H:1", "fail", "", "x"));
        assertEquals(Packet.request(PacketType.WORK_FAIL, "H:1"), server.next().packet());
        server.next(PacketType.GRAB_JOB_UNIQ).reply(assign("H:2", "throw", "", "x"));
        assertEquals(Packet.request(PacketType.WORK_EXCEPTION, "H:2", "bad input"), server.next().packet());
    }

    @Test
    void shouldSendProgressPacketsWithTheJobsHandle() throws Exception {
        worker = builder().build().register("chatty", job -> {
            job.sendStatus(1, 2);
            job.sendData("d".getBytes(UTF_8));
            job.sendWarning("w".getBytes(UTF_8));
            return null;
        }).start();
        server.next(PacketType.CAN_DO);

        server.next(PacketType.GRAB_JOB_UNIQ).reply(assign("H:9", "chatty", "", ""));

        assertEquals(Packet.request(PacketType.WORK_STATUS, "H:9", "1", "2"), server.next().packet());
        assertEquals(Packet.request(PacketType.WORK_DATA, "H:9", "d"), server.next().packet());
        assertEquals(Packet.request(PacketType.WORK_WARNING, "H:9", "w"), server.next().packet());
        assertEquals(Packet.request(PacketType.WORK_COMPLETE, "H:9", ""), server.next().packet());
    }

    @Test
    void shouldHoldNoMoreJobsThanItsConcurrency() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        worker = builder().concurrency(2).build().register("slow", job -> {
            release.await();
            return null;
        }).start();
        server.next(PacketType.CAN_DO);

        server.next(PacketType.GRAB_JOB_UNIQ).reply(assign("H:1", "slow", "", ""));
        server.next(PacketType.GRAB_JOB_UNIQ).reply(assign("H:2", "slow", "", ""));
        assertNull(server.poll(200), "no third GRAB while two jobs run");

        release.countDown();
        assertEquals(PacketType.WORK_COMPLETE, server.next().packet().type());
        Received next = server.next();
        if (next.packet().type() == PacketType.WORK_COMPLETE) {
            next = server.next();
        }
        assertEquals(PacketType.GRAB_JOB_UNIQ, next.packet().type());
    }

    @Test
    void shouldRegisterAgainAfterReconnecting() throws Exception {
        worker = builder().build().register("f", job -> null).registerAsync("g", Duration.ofSeconds(3),
                job -> CompletableFuture.completedFuture(null)).start();
        server.next();
        server.next();
        Received grab = server.next(PacketType.GRAB_JOB_UNIQ);

        grab.closeConnection();

        java.util.Set<Packet> registrations = java.util.Set.of(server.next().packet(), server.next().packet());
        assertTrue(registrations.contains(Packet.request(PacketType.CAN_DO, "f")), registrations.toString());
        assertTrue(registrations.contains(Packet.request(PacketType.CAN_DO_TIMEOUT, "g", "3000")), registrations.toString());
        server.next(PacketType.GRAB_JOB_UNIQ);
    }

    @Test
    void shouldCompleteAnAsyncJobWhenItsStageCompletes() throws Exception {
        CompletableFuture<byte[]> later = new CompletableFuture<>();
        worker = builder().build().registerAsync("batch", job -> later).start();
        server.next(PacketType.CAN_DO);
        server.next(PacketType.GRAB_JOB_UNIQ).reply(assign("H:5", "batch", "", ""));
        assertNull(server.poll(100), "no reply before the stage completes");

        later.complete("batched".getBytes(UTF_8));

        assertEquals(Packet.request(PacketType.WORK_COMPLETE, "H:5", "batched"), server.next().packet());
    }

    @Test
    void shouldWakeWithAFreshPreSleepWhenRegisteringWhileAsleep() throws Exception {
        worker = builder().build().register("f", job -> null).start();
        server.next(PacketType.CAN_DO);
        server.next(PacketType.GRAB_JOB_UNIQ).reply(Packet.response(PacketType.NO_JOB));
        server.next(PacketType.PRE_SLEEP);

        worker.register("g", job -> null);

        assertEquals(Packet.request(PacketType.CAN_DO, "g"), server.next().packet());
        server.next(PacketType.PRE_SLEEP);
    }
}
