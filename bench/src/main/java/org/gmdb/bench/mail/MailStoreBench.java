package org.gmdb.bench.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gmdb.mailclient.Durability;
import org.gmdb.mailclient.MailClient;

/**
 * Mail store benchmark: deliveries per second through {@link MailClient} into 2 shards x 2
 * replicas, and the latency of a cross-shard search over a 100,000-message corpus at 1, 2, 4
 * and 8 shards. Prints plain tables on stdout (again under "=== summary ===" at the end).
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q -pl bench package -DskipTests
 * java -cp bench/target/bench.jar org.gmdb.bench.mail.MailStoreBench --quick   # about 2 minutes
 * java -cp bench/target/bench.jar org.gmdb.bench.mail.MailStoreBench           # about 10 minutes
 * </pre>
 * Other options: {@value MailBenchOptions#USAGE}. (The child JVMs run from the same jar;
 * copy it elsewhere first if someone may rebuild it during the run.)
 *
 * <p>Deliveries: our job server in a JVM of its own with the MySQL persistent queue, four
 * {@code ReplicaWorkerMain} processes, each replica on its own MariaDB database; one
 * recipient per message (users take turns), a fixed number of deliveries in flight, first
 * at durability {@code QUEUED} (then the drain: until both replicas of each shard applied
 * everything), then at {@code ALL}. A warm-up at {@code ALL} comes first and is not counted.
 * Each level stops starting deliveries at its count or its time limit, whichever comes first.
 *
 * <p>Search: the corpus is written once, at the largest shard count, straight into the shard
 * databases (not through Gearman) by {@link BulkShardWriter}, which {@link LoaderCheck}
 * proves equal to the store's {@code EventApplier} on a sample in every run; smaller shard
 * counts are made from it by {@link CorpusReshard}. For each shard count one
 * {@link WorkerHost} JVM serves every shard (1 replica each) behind a job server with an
 * in-memory queue, and the same search runs through the client's fan-out, one at a time;
 * every answer is checked against the expected top 50.
 *
 * <p>Needs MariaDB at 127.0.0.1:3306 (root, no password); makes databases
 * {@code gmdb_bench_<pid>_...} and drops them at the end, also on failure, Ctrl-C or
 * SIGTERM, and stops every process it started. Caveat: on a shared machine the numbers
 * move with the other load; the report prints the load average as it goes.
 */
public final class MailStoreBench {

    private final MailBenchOptions options;
    private final Cleanup cleanup;
    private final BenchDatabases dbs;
    private final Path dir;
    private final List<String> report = new ArrayList<>();

    private MailStoreBench(MailBenchOptions options, Cleanup cleanup, Path dir) {
        this.options = options;
        this.cleanup = cleanup;
        this.dbs = new BenchDatabases(cleanup);
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        MailBenchOptions options;
        try {
            options = MailBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("MailStoreBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Cleanup cleanup = new Cleanup();
        cleanup.runAtExit();
        Path dir = Files.createTempDirectory("gmdb-mail-bench-");
        MailStoreBench bench = new MailStoreBench(options, cleanup, dir);
        int exit = 0;
        long start = System.nanoTime();
        try {
            bench.say("mail store bench (" + options.describe() + ")");
            bench.say("started " + Instant.now() + ", load average " + loadAverage() + ", " + cores()
                    + " cores, logs and topology files in " + dir);
            if (!options.skipDeliveries()) {
                bench.deliveries();
            }
            if (!options.skipSearch()) {
                bench.search();
            }
        } catch (Exception e) {
            System.out.flush();
            System.err.println("MailStoreBench failed: " + e);
            e.printStackTrace();
            exit = 1;
        } finally {
            int failed = cleanup.run();
            bench.say("finished after " + Math.round((System.nanoTime() - start) / 1e9) + " s, load average "
                    + loadAverage() + (failed == 0 ? ", processes stopped and databases dropped"
                    : ", " + failed + " cleanup steps failed (see stderr)"));
        }
        System.out.println();
        System.out.println("=== summary ===");
        bench.report.forEach(System.out::println);
        System.exit(exit);
    }

    // ---- part 1: deliveries ----

    private void deliveries() throws Exception {
        BenchCluster cluster = BenchCluster.plan("deliver", 2, List.of("a", "b"), dbs, !options.memoryQueue());
        String queue = options.memoryQueue() ? "an in-memory queue" : "the MySQL persistent queue";
        say("");
        say("== deliveries: 2 shards x 2 replicas, our job server with " + queue + " ==");
        try {
            long t0 = System.nanoTime();
            cluster.start(BenchCluster.Workers.PROCESS_PER_REPLICA, dir, cleanup);
            say(String.format("started in %.1f s: %s", (System.nanoTime() - t0) / 1e9, cluster.describeProcesses()));
            SyntheticMail mail = new SyntheticMail("bench.example", options.users(), options.messageBytes());
            List<DeliveryPhase.Result> results = new ArrayList<>();
            try (MailClient client = MailClient.builder().topology(cluster.topology()).author("mail-bench")
                    .applyTimeout(Duration.ofSeconds(120)).requestTimeout(Duration.ofSeconds(30)).build()) {
                DeliveryPhase phase = new DeliveryPhase(client, mail, cluster, dbs);
                long next = 0;
                DeliveryPhase.Result warm = phase.run(Durability.ALL, next, options.warmup(), options.inFlight(),
                        options.deliverySeconds());
                next += warm.messages();
                say(String.format("warm-up: %d deliveries at ALL, %.0f msgs/s, %d failed", warm.messages(),
                        warm.perSecond(), warm.failed()));
                for (Durability d : List.of(Durability.QUEUED, Durability.ALL)) {
                    DeliveryPhase.Result r = phase.run(d, next, options.deliveries(), options.inFlight(),
                            options.deliverySeconds());
                    next += r.messages();
                    results.add(r);
                    say(String.format("%s: %.0f msgs/s, p50 %s ms, p99 %s ms (of %d delivered), %d failed, drain %s",
                            d, r.perSecond(), PlainTable.ms(r.latencies().percentileMillis(50)),
                            PlainTable.ms(r.latencies().percentileMillis(99)), r.latencies().count(), r.failed(),
                            r.drainMillis() < 0 ? "timed out" : r.drainMillis() + " ms"));
                    if (r.firstError() != null) {
                        say("  first failure: " + r.firstError());
                    }
                }
                say("events per replica (held/expected): " + phase.describeCounts());
            }
            PlainTable table = new PlainTable("durability", "messages", "in flight", "msgs/s", "p50 ms", "p99 ms",
                    "max ms", "failed", "drain ms", "msgs/s applied");
            for (DeliveryPhase.Result r : results) {
                table.row(r.durability(), r.messages(), r.inFlight(), String.format("%.0f", r.perSecond()),
                        PlainTable.ms(r.latencies().percentileMillis(50)),
                        PlainTable.ms(r.latencies().percentileMillis(99)), PlainTable.ms(r.latencies().maxMillis()),
                        r.failed(), r.drainMillis() < 0 ? "timeout" : String.valueOf(r.drainMillis()),
                        String.format("%.0f", r.perSecondApplied()));
            }
            table("Deliveries through MailClient, 2 shards x 2 replicas, job server with " + queue + " ("
                    + options.messageBytes()
                    + " B messages, 1 recipient each, " + options.users() + " users; load average " + loadAverage()
                    + ")", table, "p50, p99, max: successful deliveries only (failed ones are counted apart);"
                    + " drain ms: after the last deliver completed, until all 4 replicas had applied"
                    + " every event; msgs/s applied counts that time too.");
        } finally {
            cluster.close();
            cluster.dropDatabases();
        }
    }

    // ---- part 2: search ----

    private void search() throws Exception {
        say("");
        say("== cross-shard search: corpus of " + options.corpus() + " messages, 1 replica per shard ==");
        SyntheticMail mail = new SyntheticMail("corpus.example", options.corpusUsers(), options.messageBytes());
        CorpusLoader.Method method = options.loadWithApplier() ? CorpusLoader.Method.EVENT_APPLIER
                : CorpusLoader.Method.BULK_SQL;
        if (method == CorpusLoader.Method.BULK_SQL) {
            say("loader check: " + LoaderCheck.run(dbs, options.messageBytes()));
        }
        int matching = SearchPhase.matching(options.corpus());
        say("the search (subject contains '" + SyntheticMail.SEARCH_WORD + "', Date: newest first, limit "
                + SearchPhase.LIMIT + ") matches " + matching + " messages");

        List<Integer> counts = options.shardCounts();
        int most = counts.get(counts.size() - 1);
        List<String> databases = new ArrayList<>();
        for (int s = 1; s <= most; s++) {
            databases.add(dbs.name("corpus_s" + s));
        }
        long t0 = System.nanoTime();
        CorpusLoader.load(databases, mail, options.corpus(), method);
        say(String.format("loaded %d messages into %d shards in %.1f s (%s), load average %s", options.corpus(), most,
                (System.nanoTime() - t0) / 1e9, method == CorpusLoader.Method.BULK_SQL ? "bulk INSERTs"
                        : "EventApplier", loadAverage()));

        List<Object[]> rows = new ArrayList<>();
        for (int i = counts.size() - 1; i >= 0; i--) {
            int shards = counts.get(i);
            if (shards < databases.size()) {
                long r0 = System.nanoTime();
                CorpusReshard.shrink(databases, shards);
                databases = new ArrayList<>(databases.subList(0, shards));
                say(String.format("resharded to %d shards in %.1f s (users of the dropped shards moved with"
                        + " INSERT ... SELECT), load average %s", shards, (System.nanoTime() - r0) / 1e9,
                        loadAverage()));
            }
            long[] perShard = CorpusReshard.verify(databases);
            long min = Long.MAX_VALUE;
            long max = 0;
            long total = 0;
            for (int s = 1; s <= shards; s++) {
                min = Math.min(min, perShard[s]);
                max = Math.max(max, perShard[s]);
                total += perShard[s];
            }
            if (total != options.corpus()) {
                throw new IllegalStateException(shards + " shards hold " + total + " messages (expected: "
                        + options.corpus() + ")");
            }
            BenchCluster cluster = BenchCluster.overDatabases("search" + shards, databases);
            SearchPhase.Result r;
            try {
                cluster.start(BenchCluster.Workers.ONE_PROCESS, dir, cleanup);
                try (MailClient client = MailClient.builder().topology(cluster.topology()).author("mail-bench")
                        .requestTimeout(Duration.ofSeconds(30)).build()) {
                    r = SearchPhase.run(client, options.corpus(), options.searchRepeats(),
                            MailBenchOptions.MIN_SEARCHES, options.searchSeconds());
                }
            } finally {
                cluster.close();
            }
            double p50 = r.latencies().percentileMillis(50);
            say(String.format("%d shards (%s messages each): p50 %s ms, p99 %s ms over %d searches, %d wrong%s,"
                    + " load average %s", shards, min == max ? min : min + ".." + max, PlainTable.ms(p50),
                    PlainTable.ms(r.latencies().percentileMillis(99)), r.latencies().count(), r.wrong(),
                    r.firstProblem() == null ? "" : " (first: " + r.firstProblem() + ")", loadAverage()));
            rows.add(0, new Object[] {shards, min == max ? String.valueOf(min) : min + ".." + max,
                    r.latencies().count(), p50, r.latencies().percentileMillis(99), r.latencies().maxMillis(),
                    r.wrong()});
        }
        PlainTable table = new PlainTable("shards", "msgs/shard", "searches", "p50 ms", "p99 ms", "max ms",
                "p50 vs 1st", "wrong");
        double firstP50 = (double) rows.get(0)[3];
        for (Object[] row : rows) {
            table.row(row[0], row[1], row[2], PlainTable.ms((double) row[3]), PlainTable.ms((double) row[4]),
                    PlainTable.ms((double) row[5]), String.format("%.2fx", (double) row[3] / firstP50), row[6]);
        }
        table("Cross-shard search through MailClient fan-out, " + options.corpus() + " messages of "
                + options.corpusUsers() + " users (~" + options.messageBytes() + " B each), " + matching
                + " match; load average " + loadAverage(), table, "Corpus loaded straight into the shard databases,"
                + " not through Gearman (" + (method == CorpusLoader.Method.BULK_SQL
                ? "batched INSERTs of the rows EventApplier makes, checked equal on a sample"
                : "EventApplier, batches of " + CorpusLoader.APPLIER_BATCH) + "), at " + most + " shards, then"
                + " resharded down; searches one at a time after " + SearchPhase.WARMUP + " unmeasured ones"
                + " (p99 of fewer than 100 searches is their maximum); wrong = searches, warm-up included, that were"
                + " incomplete or not the expected top " + SearchPhase.LIMIT + " (their times are left out).");
    }

    // ---- output ----

    private void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private void table(String title, PlainTable table, String note) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(title);
        lines.addAll(table.render().lines().toList());
        lines.add(note);
        lines.forEach(this::say);
        report.addAll(lines);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
