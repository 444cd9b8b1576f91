package org.gmdb.launcher.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gmdb.launcher.EmbeddedMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbSupervisorIT {

    @TempDir
    Path tmp;

    @Test
    void shouldRestartAKilledMariadbdThreeTimesThenGiveUpSayingWhy() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        CompletableFuture<String> gaveUp = new CompletableFuture<>();
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(tmp.resolve("mariadb"))) {
            new MariaDbSupervisor(db, said::add, gaveUp::complete).start();
            for (int restart = 1; restart <= MariaDbSupervisor.MAX_RESTARTS; restart++) {
                long pid = db.pid();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
                awaitSaid(said, "the embedded MariaDB runs again", restart);
                assertTrue(said.contains("the embedded MariaDB (pid " + pid + ") exited with code 137; restarting it (restart "
                        + restart + " of at most 3 within 10 minutes)"), said.toString());
                try (Connection c = DriverManager.getConnection(db.serverJdbcUrl())) {
                    assertTrue(c.isValid(2), "it should answer after restart " + restart);
                }
            }
            long last = db.pid();
            ProcessHandle.of(last).orElseThrow().destroyForcibly();
            String reason = gaveUp.get(30, TimeUnit.SECONDS);
            assertEquals("the embedded MariaDB (pid " + last + ") exited with code 137, after 3 restarts within 10 minutes;"
                    + " not restarting it again (its log: " + db.logFile() + ")", reason);
        }
    }

    private static void awaitSaid(List<String> said, String prefix, int times) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (said.stream().filter(l -> l.startsWith(prefix)).count() < times) {
            assertTrue(System.nanoTime() < deadline, "no '" + prefix + "' #" + times + " within 120 s: " + said);
            Thread.sleep(100);
        }
    }
}
