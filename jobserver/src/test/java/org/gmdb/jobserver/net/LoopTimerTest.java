package org.gmdb.jobserver.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timed tasks counted on the timer's thread and run on the loop. */
class LoopTimerTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final LoopTimer timer = new LoopTimer("test-timer");

    @AfterEach
    void stop() {
        timer.close();
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldRunTheTaskOnTheLoopNoSoonerThanItsDelay() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean onLoop = new AtomicBoolean();
        AtomicLong ranAt = new AtomicLong();
        long start = System.nanoTime();
        loop.execute(() -> timer.schedule(loop, () -> {
            onLoop.set(loop.inEventLoop());
            ranAt.set(System.nanoTime());
            ran.countDown();
        }, TimeUnit.MILLISECONDS.toNanos(20)));
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the task ran");
        assertTrue(onLoop.get(), "on the loop's thread");
        assertTrue(ranAt.get() - start >= TimeUnit.MILLISECONDS.toNanos(20), "not before its delay");
    }

    @Test
    void shouldNotRunATaskCancelledOnTheLoop() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);
        loop.execute(() -> {
            LoopTimer.Handle handle = timer.schedule(loop, () -> ran.set(true), 0);
            handle.cancel(); // the timer may have handed it to the loop already: it must still not run
            timer.schedule(loop, later::countDown, TimeUnit.MILLISECONDS.toNanos(20));
        });
        assertTrue(later.await(5, TimeUnit.SECONDS));
        assertFalse(ran.get(), "the cancelled task ran");
    }
}
