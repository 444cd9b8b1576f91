package org.gmdb.bench.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * The knobs of {@link MailStoreBench}, with a full and a {@code --quick} preset; any option
 * given after {@code --quick} overrides the preset.
 *
 * @param deliveries       measured deliveries per durability level, at most
 * @param deliverySeconds  stop starting deliveries of a level after this long (a shared machine may be slow)
 * @param warmup           deliveries before the measured ones (JIT, pools, queue table)
 * @param inFlight         deliveries in flight at once
 * @param users            distinct recipients of the delivery phase
 * @param messageBytes     approximate size of every message
 * @param corpus           messages loaded for the search phase
 * @param corpusUsers      distinct users owning the search corpus
 * @param searchRepeats    measured searches per shard count, at most
 * @param searchSeconds    stop searching at a shard count after this long (at least {@value #MIN_SEARCHES} searches)
 * @param shardCounts      shard counts of the search phase, ascending (run from the largest down)
 * @param skipDeliveries   run the search phase only
 * @param skipSearch       run the delivery phase only
 * @param loadWithApplier  load the search corpus with the store's EventApplier instead of bulk SQL (slow)
 * @param memoryQueue      deliveries through a job server without the MySQL persistent queue (for comparison)
 */
record MailBenchOptions(boolean quick, int deliveries, int deliverySeconds, int warmup, int inFlight, int users,
        int messageBytes, int corpus, int corpusUsers, int searchRepeats, int searchSeconds, List<Integer> shardCounts,
        boolean skipDeliveries, boolean skipSearch, boolean loadWithApplier, boolean memoryQueue) {

    static final int MIN_SEARCHES = 5;
    static final String USAGE = "usage: MailStoreBench [--quick] [--deliveries N] [--delivery-seconds S]"
            + " [--in-flight C] [--users U] [--message-bytes B] [--corpus N] [--corpus-users U] [--search-repeats R]"
            + " [--search-seconds S] [--shards 8,4,2,1]"
            + " [--deliveries-only | --search-only] [--load-with-applier] [--memory-queue]";

    static MailBenchOptions full() {
        return new MailBenchOptions(false, 2000, 60, 300, 64, 100, 4096, 100_000, 1000, 30, 45, List.of(1, 2, 4, 8),
                false, false, false, false);
    }

    static MailBenchOptions quickPreset() {
        return new MailBenchOptions(true, 400, 10, 50, 64, 100, 4096, 20_000, 1000, 10, 8, List.of(1, 2, 4, 8),
                false, false, false, false);
    }

    static MailBenchOptions parse(String... args) {
        MailBenchOptions o = full();
        for (String a : args) {
            if (a.equals("--quick")) {
                o = quickPreset();
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--deliveries-only" -> o = o.with(b -> b.skipSearch = true);
                case "--search-only" -> o = o.with(b -> b.skipDeliveries = true);
                case "--load-with-applier" -> o = o.with(b -> b.loadWithApplier = true);
                case "--memory-queue" -> o = o.with(b -> b.memoryQueue = true);
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option " + a + " needs a value, or is unknown; " + USAGE);
                    }
                    String v = args[++i];
                    o = switch (a) {
                        case "--deliveries" -> o.with(b -> b.deliveries = positive(a, v));
                        case "--delivery-seconds" -> o.with(b -> b.deliverySeconds = positive(a, v));
                        case "--search-seconds" -> o.with(b -> b.searchSeconds = positive(a, v));
                        case "--in-flight" -> o.with(b -> b.inFlight = positive(a, v));
                        case "--users" -> o.with(b -> b.users = positive(a, v));
                        case "--message-bytes" -> o.with(b -> b.messageBytes = positive(a, v));
                        case "--corpus" -> o.with(b -> b.corpus = positive(a, v));
                        case "--corpus-users" -> o.with(b -> b.corpusUsers = positive(a, v));
                        case "--search-repeats" -> o.with(b -> b.searchRepeats = positive(a, v));
                        case "--shards" -> o.with(b -> b.shardCounts = shardList(v));
                        default -> throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
                    };
                }
            }
        }
        if (o.skipDeliveries && o.skipSearch) {
            throw new IllegalArgumentException("--deliveries-only and --search-only exclude each other");
        }
        return o;
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a number", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(option + " " + n + " (expected: >= 1)");
        }
        return n;
    }

    private static List<Integer> shardList(String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            int n = positive("--shards", part);
            if (n > 64) {
                throw new IllegalArgumentException("--shards " + n + " (expected: <= 64)");
            }
            out.add(n);
        }
        return out.stream().distinct().sorted().toList();
    }

    /** A mutable copy for one change; records have no withers. */
    private static final class Draft {
        boolean quick;
        int deliveries;
        int deliverySeconds;
        int searchSeconds;
        int warmup;
        int inFlight;
        int users;
        int messageBytes;
        int corpus;
        int corpusUsers;
        int searchRepeats;
        List<Integer> shardCounts;
        boolean skipDeliveries;
        boolean skipSearch;
        boolean loadWithApplier;
        boolean memoryQueue;
    }

    private MailBenchOptions with(java.util.function.Consumer<Draft> change) {
        Draft d = new Draft();
        d.quick = quick;
        d.deliveries = deliveries;
        d.deliverySeconds = deliverySeconds;
        d.searchSeconds = searchSeconds;
        d.warmup = warmup;
        d.inFlight = inFlight;
        d.users = users;
        d.messageBytes = messageBytes;
        d.corpus = corpus;
        d.corpusUsers = corpusUsers;
        d.searchRepeats = searchRepeats;
        d.shardCounts = shardCounts;
        d.skipDeliveries = skipDeliveries;
        d.skipSearch = skipSearch;
        d.loadWithApplier = loadWithApplier;
        d.memoryQueue = memoryQueue;
        change.accept(d);
        return new MailBenchOptions(d.quick, d.deliveries, d.deliverySeconds, d.warmup, d.inFlight, d.users,
                d.messageBytes, d.corpus, d.corpusUsers, d.searchRepeats, d.searchSeconds, d.shardCounts,
                d.skipDeliveries, d.skipSearch, d.loadWithApplier, d.memoryQueue);
    }

    /** One line for the report header. */
    String describe() {
        return (quick ? "quick" : "full") + ": up to " + deliveries + " deliveries or " + deliverySeconds
                + " s per level (+" + warmup + " warm-up), " + inFlight + " in flight, " + users + " users, ~"
                + messageBytes + " B messages; search corpus " + corpus + " messages of " + corpusUsers
                + " users, up to " + searchRepeats + " searches or " + searchSeconds + " s per shard count "
                + shardCounts;
    }
}
