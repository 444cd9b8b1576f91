package org.gmdb.launcher.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import org.gmdb.mail.topology.HostPort;
import org.gmdb.mail.topology.JobServer;
import org.gmdb.mail.topology.Replica;
import org.gmdb.mail.topology.Shard;
import org.gmdb.mail.topology.Topology;

/**
 * The layout a local {@code ./gmdb up} runs: one job server, N shards of R replicas named
 * {@code a, b, c, ...}, and a database per replica, either {@code gmdb_s<N>_<replica>} on the
 * embedded MariaDB or a JDBC URL made from a template with {@code {shard}} and {@code {replica}}.
 *
 * <p>Caveat: at most 26 replicas per shard (one letter each); the template is checked for its
 * placeholders only, not for being a reachable database.
 */
public final class StoreLayout {

    /** Placeholders of {@code --jdbc-url-template}. */
    public static final String SHARD_PLACEHOLDER = "{shard}";
    public static final String REPLICA_PLACEHOLDER = "{replica}";
    public static final int MAX_REPLICAS = 26;
    public static final int MAX_SHARDS = 1024;

    private final int shards;
    private final int replicas;

    public StoreLayout(int shards, int replicas) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("--shards " + shards + " (expected: 1.." + MAX_SHARDS + ")");
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("--replicas " + replicas + " (expected: 1.." + MAX_REPLICAS + ")");
        }
        this.shards = shards;
        this.replicas = replicas;
    }

    public int shards() {
        return shards;
    }

    public int replicas() {
        return replicas;
    }

    /** {@code a, b, ...}: the replica names of every shard. */
    public List<String> replicaNames() {
        List<String> names = new ArrayList<>(replicas);
        for (int i = 0; i < replicas; i++) {
            names.add(String.valueOf((char) ('a' + i)));
        }
        return names;
    }

    /** {@code gmdb_s<shard>_<replica>}: the database of a replica on the embedded MariaDB. */
    public static String databaseName(int shard, String replica) {
        return "gmdb_s" + shard + "_" + replica;
    }

    /**
     * The JDBC URL a template gives a replica.
     *
     * @throws IllegalArgumentException if the template lacks a placeholder (replicas would share a database)
     */
    public static String fromTemplate(String template, int shard, String replica) {
        requireTemplate(template);
        return template.replace(SHARD_PLACEHOLDER, Integer.toString(shard)).replace(REPLICA_PLACEHOLDER, replica);
    }

    /** Checks that a template names both placeholders. */
    public static void requireTemplate(String template) {
        if (!template.startsWith("jdbc:") || !template.contains(SHARD_PLACEHOLDER)
                || !template.contains(REPLICA_PLACEHOLDER)) {
            throw new IllegalArgumentException("--jdbc-url-template '" + template + "' (expected: a jdbc: URL with "
                    + SHARD_PLACEHOLDER + " and " + REPLICA_PLACEHOLDER + ", e.g. jdbc:mysql://127.0.0.1:3306/gmdb_s"
                    + SHARD_PLACEHOLDER + "_" + REPLICA_PLACEHOLDER + "?user=root)");
        }
    }

    /**
     * The topology of this layout.
     *
     * @param jobServer where the job server listens
     * @param queueUrl  its persistent queue, or null for memory
     * @param jdbcUrl   the JDBC URL of (shard, replica)
     */
    public Topology topology(HostPort jobServer, String queueUrl, BiFunction<Integer, String, String> jdbcUrl) {
        List<Shard> out = new ArrayList<>(shards);
        for (int s = 1; s <= shards; s++) {
            List<Replica> rs = new ArrayList<>(replicas);
            for (String name : replicaNames()) {
                rs.add(Replica.of(s, name, jdbcUrl.apply(s, name)));
            }
            out.add(new Shard(s, rs));
        }
        JobServer js = new JobServer(1, jobServer, Optional.ofNullable(queueUrl), OptionalInt.empty());
        return new Topology("gmdb up", List.of(js), out);
    }
}
