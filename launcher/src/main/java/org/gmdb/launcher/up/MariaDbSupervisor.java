package org.gmdb.launcher.up;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.gmdb.launcher.EmbeddedMariaDb;

/**
 * Watches the embedded mariadbd that {@code ./gmdb up} started and starts it again when it dies
 * (a crash, an OOM kill, a {@code kill -9}): the workers and the job server reconnect on their
 * own. After {@value #MAX_RESTARTS} restarts within {@link #WINDOW} it gives up and reports why,
 * so that {@code up} stops instead of running without a database.
 *
 * <p>Caveat: the deliveries refused while the server is down (QUEUE_ERROR, about 3 s per restart)
 * are not retried here: their senders were told, and retry.
 */
final class MariaDbSupervisor {

    static final int MAX_RESTARTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final EmbeddedMariaDb db;
    private final Consumer<String> say;
    private final Consumer<String> giveUp;
    private final Deque<Long> restarts = new ArrayDeque<>();

    /**
     * @param say    prints a line (what happened, what is done)
     * @param giveUp called once, with the reason, when it stops restarting
     */
    MariaDbSupervisor(EmbeddedMariaDb db, Consumer<String> say, Consumer<String> giveUp) {
        this.db = db;
        this.say = say;
        this.giveUp = giveUp;
    }

    /** Starts watching on a daemon thread. */
    void start() {
        Thread t = new Thread(this::watch, "gmdb-up-mariadb-supervisor");
        t.setDaemon(true);
        t.start();
    }

    private void watch() {
        try {
            while (true) {
                long pid = db.pid();
                int code = db.awaitExit();
                if (db.closing()) {
                    return;
                }
                long now = System.nanoTime();
                while (!restarts.isEmpty() && now - restarts.peekFirst() > WINDOW.toNanos()) {
                    restarts.removeFirst();
                }
                String exited = "the embedded MariaDB (pid " + pid + ") exited with code " + code;
                if (restarts.size() >= MAX_RESTARTS) {
                    giveUp.accept(exited + ", after " + restarts.size() + " restarts within " + WINDOW.toMinutes()
                            + " minutes; not restarting it again (its log: " + db.logFile() + ")");
                    return;
                }
                restarts.addLast(now);
                say.accept(exited + "; restarting it (restart " + restarts.size() + " of at most " + MAX_RESTARTS
                        + " within " + WINDOW.toMinutes() + " minutes)");
                long t0 = System.nanoTime();
                try {
                    db.restart();
                } catch (RuntimeException e) {
                    if (!db.closing()) {
                        giveUp.accept(exited + " and did not start again: " + e.getMessage());
                    }
                    return;
                }
                say.accept("the embedded MariaDB runs again (pid " + db.pid() + ", restarted in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
