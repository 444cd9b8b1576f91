package org.gmdb.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gmdb.mailstore.ReplicaWorkerMain;
import org.gmdb.mailstore.ReplicaWorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gmdb worker --config F --shard N --replica R}: runs the worker of one replica
 * ({@link ReplicaWorkerMain}) until SIGTERM/SIGINT. It prints {@code worker mail<N>@<R> ready}
 * once its database is migrated and every job server hands it jobs.
 *
 * <p>Caveat: {@link ReplicaWorkerMain} ends the JVM itself when it cannot start (exit code 2
 * for a bad topology or arguments, 1 otherwise); after SIGTERM/SIGINT it returns once the
 * worker has stopped, while the JVM is already exiting through its shutdown hooks.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the worker of one replica of one shard: applies its write events to its database and"
                + " answers queries (functions mail<N>@<R> and mail<N>)."})
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    TopologyOptions topology;

    @Option(names = "--shard", required = true, paramLabel = "N", description = "The shard, from 1.")
    int shard;

    @Option(names = "--replica", required = true, paramLabel = "NAME", description = "The replica's name, e.g. a.")
    String replica;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ReplicaWorkerSettings.DEFAULT_CONCURRENCY,
            description = "Jobs in hand at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--anti-entropy-interval-ms", paramLabel = "MS",
            defaultValue = "" + ReplicaWorkerSettings.DEFAULT_ANTI_ENTROPY_INTERVAL_MS,
            description = "Time between anti-entropy rounds with the peers; 0: none (default: ${DEFAULT-VALUE}).")
    long antiEntropyMillis;

    @Option(names = "--max-clock-skew-ms", paramLabel = "MS", defaultValue = "" + ReplicaWorkerSettings.DEFAULT_MAX_CLOCK_SKEW_MS,
            description = "Refuse submitted events stamped more than this ahead of this machine's clock (default: ${DEFAULT-VALUE}).")
    long maxClockSkewMillis;

    @Option(names = "--resharding-from-shards", paramLabel = "N",
            description = "While users move from N shards to the topology's count, also take events for the users"
                    + " that route to this shard with N shards (default: none).")
    Integer reshardingFromShards;

    @Option(names = "--expunged-retention-days", paramLabel = "D",
            defaultValue = "" + ReplicaWorkerSettings.DEFAULT_EXPUNGED_RETENTION_DAYS,
            description = "Delete an expunged message's bytes D days after its first expunge (default: ${DEFAULT-VALUE}).")
    long expungedRetentionDays;

    @Option(names = "--purge-interval-ms", paramLabel = "MS", defaultValue = "" + ReplicaWorkerSettings.DEFAULT_PURGE_INTERVAL_MS,
            description = "Time between purges of expunged messages; 0: none (default: ${DEFAULT-VALUE}).")
    long purgeIntervalMillis;

    @Override
    public Integer call() {
        ReplicaWorkerMain.main(workerArgs().toArray(String[]::new));
        return 0; // the worker stopped on a signal; the JVM is exiting already
    }

    /** The options, as {@link ReplicaWorkerMain} takes them. */
    List<String> workerArgs() {
        List<String> args = new ArrayList<>();
        if (topology.explicitFile() != null) {
            args.addAll(List.of("--config", topology.explicitFile().toString()));
        }
        args.addAll(List.of("--shard", Integer.toString(shard), "--replica", replica));
        args.addAll(List.of("--concurrency", Integer.toString(concurrency)));
        args.addAll(List.of("--anti-entropy-interval-ms", Long.toString(antiEntropyMillis)));
        args.addAll(List.of("--max-clock-skew-ms", Long.toString(maxClockSkewMillis)));
        if (reshardingFromShards != null) {
            args.addAll(List.of("--resharding-from-shards", reshardingFromShards.toString()));
        }
        args.addAll(List.of("--expunged-retention-days", Long.toString(expungedRetentionDays)));
        args.addAll(List.of("--purge-interval-ms", Long.toString(purgeIntervalMillis)));
        return args;
    }
}
