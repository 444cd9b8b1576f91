package org.gmdb.mail.topology;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.gmdb.mail.route.ShardRouter;

/**
 * The layout of one mail store: its job servers, its shards and each shard's replicas. Every
 * component (job server, worker, client, admin tool) reads the same topology file through
 * {@link TopologyLoader}; the format is described there.
 *
 * <p>Caveat: a topology is a snapshot of the file at load time; nothing here watches the file.
 */
public final class Topology {

    private final String source;
    private final List<JobServer> jobServers;
    private final List<Shard> shards;

    /**
     * @param source     where it came from, for error messages (a file path, or e.g. "gmdb up")
     * @param jobServers at least one, indexed 1..n in order
     * @param shards     at least one, numbered 1..N in order
     */
    public Topology(String source, List<JobServer> jobServers, List<Shard> shards) {
        this.source = Objects.requireNonNull(source, "source");
        this.jobServers = List.copyOf(jobServers);
        this.shards = List.copyOf(shards);
        if (this.jobServers.isEmpty()) {
            throw new IllegalArgumentException("no job servers (expected: at least one)");
        }
        if (this.shards.isEmpty()) {
            throw new IllegalArgumentException("no shards (expected: at least one)");
        }
        for (int i = 0; i < this.jobServers.size(); i++) {
            if (this.jobServers.get(i).index() != i + 1) {
                throw new IllegalArgumentException("job server at position " + (i + 1) + " has index "
                        + this.jobServers.get(i).index() + " (expected: " + (i + 1) + ")");
            }
        }
        for (int i = 0; i < this.shards.size(); i++) {
            if (this.shards.get(i).number() != i + 1) {
                throw new IllegalArgumentException("shard at position " + (i + 1) + " is numbered "
                        + this.shards.get(i).number() + " (expected: " + (i + 1) + ")");
            }
        }
    }

    /** Where this topology came from (the file path), for messages. */
    public String source() {
        return source;
    }

    public List<JobServer> jobServers() {
        return jobServers;
    }

    /** The job server addresses, in the order of the file. */
    public List<HostPort> jobServerAddresses() {
        return jobServers.stream().map(JobServer::address).toList();
    }

    /** The {@code index}-th job server (1-based). */
    public JobServer jobServer(int index) {
        if (index < 1 || index > jobServers.size()) {
            throw new TopologyException(prefix() + "job server " + index + " is not in the topology (expected: 1.."
                    + jobServers.size() + ")");
        }
        return jobServers.get(index - 1);
    }

    public List<Shard> shards() {
        return shards;
    }

    /** N, the number of shards. */
    public int shardCount() {
        return shards.size();
    }

    /** Shard {@code number} (1-based). */
    public Shard shard(int number) {
        if (number < 1 || number > shards.size()) {
            throw new TopologyException(prefix() + "shard " + number + " is not in the topology (expected: 1.."
                    + shards.size() + ")");
        }
        return shards.get(number - 1);
    }

    /** Replica {@code name} of shard {@code shard}. */
    public Replica replica(int shard, String name) {
        Shard s = shard(shard);
        return s.replica(name).orElseThrow(() -> new TopologyException(prefix() + "shard " + shard
                + " has no replica '" + name + "' (shard." + shard + ".replicas = " + String.join(", ", s.replicaNames()) + ")"));
    }

    /** Every replica of every shard, shard by shard. */
    public List<Replica> replicas() {
        return shards.stream().flatMap(s -> s.replicas().stream()).toList();
    }

    /**
     * The JDBC URL of one replica, which its worker needs; other components never call this.
     *
     * @throws TopologyException if the replica does not exist or has no {@code jdbc} key
     */
    public String requireJdbc(int shard, String replica) {
        Replica r = replica(shard, replica);
        return r.jdbcUrl().orElseThrow(() -> new TopologyException(prefix() + r.jdbcKey()
                + " is missing (the worker of " + r.functionName() + " needs the JDBC URL of its database)"));
    }

    /** The router over this topology's shards. */
    public ShardRouter router() {
        return new ShardRouter(shards.size());
    }

    private String prefix() {
        return "topology " + source + ": ";
    }

    @Override
    public String toString() {
        return "Topology[" + source + ": jobservers " + jobServerAddresses() + ", shards "
                + shards.stream().map(s -> s.number() + "=" + s.replicaNames()).collect(Collectors.joining(", ")) + "]";
    }
}
