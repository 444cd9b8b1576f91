package org.gmdb.mailclient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.gmdb.mail.route.FunctionNames;
import org.gmdb.mail.route.ShardRouter;
import org.gmdb.mail.topology.Shard;
import org.gmdb.mail.topology.Topology;

/**
 * The shards 1..N and each shard's replica names: what the client needs to route a user
 * and to write to every replica. Immutable.
 *
 * <p>Caveat: every writer must use the same N (and the same replica names), or users land
 * on different shards; take it from the shared topology file where possible.
 */
public final class ShardLayout {

    private final List<List<String>> replicas;
    private final ShardRouter router;

    private ShardLayout(List<List<String>> replicas) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("no shards (expected: at least one)");
        }
        List<List<String>> copy = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            List<String> names = List.copyOf(replicas.get(i));
            if (names.isEmpty()) {
                throw new IllegalArgumentException("shard " + (i + 1) + " has no replicas (expected: at least one)");
            }
            var seen = new HashSet<String>();
            for (String name : names) {
                if (!FunctionNames.isValidReplicaName(name)) {
                    throw new IllegalArgumentException("shard " + (i + 1) + ": replica name '" + name
                            + "' (expected: " + FunctionNames.REPLICA_NAME.pattern() + ")");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("shard " + (i + 1) + " names replica '" + name + "' twice");
                }
            }
            copy.add(names);
        }
        this.replicas = List.copyOf(copy);
        this.router = new ShardRouter(copy.size());
    }

    /** Shards 1..N in list order, each with its replica names. */
    public static ShardLayout of(List<List<String>> replicasByShard) {
        return new ShardLayout(replicasByShard);
    }

    /** {@code shards} shards that all have the same replicas, e.g. {@code uniform(2, "a", "b")}. */
    public static ShardLayout uniform(int shards, String... replicaNames) {
        if (shards < 1) {
            throw new IllegalArgumentException("shard count " + shards + " (expected: >= 1)");
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            out.add(List.of(replicaNames));
        }
        return new ShardLayout(out);
    }

    /** The shards and replicas of a topology file. */
    public static ShardLayout of(Topology topology) {
        return new ShardLayout(topology.shards().stream().map(Shard::replicaNames).toList());
    }

    public int shardCount() {
        return replicas.size();
    }

    /** The replica names of shard {@code shard} (1-based). */
    public List<String> replicas(int shard) {
        if (shard < 1 || shard > replicas.size()) {
            throw new IllegalArgumentException("shard " + shard + " (expected: 1.." + replicas.size() + ")");
        }
        return replicas.get(shard - 1);
    }

    /** The shard (1..N) of a user's address, by the documented routing (FNV-1a 64 + jump hash). */
    public int shardOf(String user) {
        return router.shardOf(user);
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("ShardLayout[");
        for (int i = 0; i < replicas.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(i + 1).append('=').append(replicas.get(i));
        }
        return sb.append(']').toString();
    }
}
