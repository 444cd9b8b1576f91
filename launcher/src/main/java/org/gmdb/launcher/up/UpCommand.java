package org.gmdb.launcher.up;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gmdb.mail.topology.GmdbHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gmdb up}: the whole mail store on this machine, with no set-up ({@link LocalStore}):
 * an embedded MariaDB, a job server and every shard's replicas, in this process. Prints where
 * each part listens, then {@code gmdb is ready: ...} once every shard answers a query, and
 * runs until Ctrl-C or SIGTERM, which stop everything in order, or until the embedded MariaDB
 * dies more often than it is restarted (exit code 1).
 *
 * <p>Caveat: SIGINT and SIGTERM are taken over (sun.misc.Signal) once the store is ready, so
 * that the workers stop before the database; before that, a signal ends the JVM the usual way.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the whole mail store on this machine, no set-up needed; Ctrl-C stops it.",
            "An embedded MariaDB (unless --jdbc-url-template), a job server and every shard's replica workers,",
            "in this process. Other gmdb commands find it through $GMDB_HOME/run/topology.properties.",
            "The job server's traffic is neither authenticated nor encrypted: keep it on a trusted network."})
public final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "2", description = "Shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "2",
            description = "Replicas per shard, named a, b, ... (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "4730",
            description = "Job server port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--jdbc-url-template", paramLabel = "URL",
            description = "Use these databases instead of an embedded MariaDB, one per replica, e.g."
                    + " jdbc:mysql://127.0.0.1:3306/gmdb_s{shard}_{replica}?user=root (created if missing).")
    String jdbcUrlTemplate;

    @Option(names = "--mariadb-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the embedded MariaDB on 127.0.0.1; 0 picks a free one (default).")
    int mariadbPort;

    @Option(names = "--queue", paramLabel = "URL",
            description = "The job server's persistent queue, mysql://user[:pass]@host:port/db. Default: database "
                    + LocalStore.QUEUE_DATABASE + " of the embedded MariaDB; in memory with --jdbc-url-template.")
    String queueUrl;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Where the topology file and MariaDB's data go. Default: $GMDB_HOME, else ~/.gmdb.")
    Path home;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Longest wait for every shard to answer (default: ${DEFAULT-VALUE}).")
    int readyTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (jdbcUrlTemplate != null && mariadbPort != 0) {
            throw new IllegalArgumentException("--mariadb-port " + mariadbPort
                    + " with --jdbc-url-template (expected: one of them; the template means no embedded MariaDB)");
        }
        if (port < 0 || port > 65535 || mariadbPort < 0 || mariadbPort > 65535) {
            throw new IllegalArgumentException("--port " + port + ", --mariadb-port " + mariadbPort + " (expected: 0..65535)");
        }
        if (readyTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--ready-timeout " + readyTimeoutSeconds + " (expected: >= 1)");
        }
        GmdbHome gmdbHome = home != null ? new GmdbHome(home.toAbsolutePath().normalize()) : GmdbHome.fromEnvironment();
        StoreLayout layout = new StoreLayout(shards, replicas);
        long t0 = System.nanoTime();
        out.println("gmdb up: home " + gmdbHome.dir());
        out.flush();
        LocalStore store = LocalStore.start(new LocalStore.Settings(gmdbHome, layout, port, jdbcUrlTemplate, mariadbPort,
                queueUrl, Duration.ofSeconds(readyTimeoutSeconds)), out);
        CountDownLatch stop = new CountDownLatch(1);
        Thread fallback = new Thread(store::close, "gmdb-up-shutdown");
        Runtime.getRuntime().addShutdownHook(fallback); // any other way out (SIGHUP, System.exit) still stops it
        StopSignals.install(() -> {
            out.println("gmdb up: stopping...");
            out.flush();
            stop.countDown();
        });
        out.println("gmdb is ready: " + shards + " shard" + (shards == 1 ? "" : "s") + " x " + replicas + " replica"
                + (replicas == 1 ? "" : "s") + ", job server 127.0.0.1:" + store.jobServerPort() + ", topology "
                + gmdbHome.runTopologyFile() + String.format(Locale.ROOT, " (started in %.1f s; Ctrl-C stops it)",
                (System.nanoTime() - t0) / 1e9));
        out.println("try: " + example(gmdbHome));
        out.flush();
        store.failure().thenRun(stop::countDown);
        stop.await();
        String failure = store.failure().getNow(null);
        if (failure != null) {
            out.println("gmdb up: stopping, because " + failure);
            out.flush();
        }
        store.close();
        try {
            Runtime.getRuntime().removeShutdownHook(fallback);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, and finds the store closed
        }
        out.println("gmdb up: stopped");
        out.flush();
        return failure == null ? 0 : 1;
    }

    /** One line a user can paste; names GMDB_HOME when it is not what a fresh shell would find. */
    static String example(GmdbHome home) {
        String env = home.equals(GmdbHome.fromEnvironment()) ? "" : "GMDB_HOME=" + home.dir() + " ";
        return env + "./gmdb deliver --to alice@example.com < message.eml; " + env
                + "./gmdb list --user alice@example.com; " + env + "./gmdb search --from bob";
    }
}
