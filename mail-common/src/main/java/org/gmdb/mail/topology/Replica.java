package org.gmdb.mail.topology;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.gmdb.mail.route.FunctionNames;

/**
 * One replica of a shard: a worker process with its own MySQL database.
 *
 * @param shard       the shard number, from 1
 * @param name        the replica name, {@code [A-Za-z0-9_-]{1,64}}
 * @param jdbcUrl     its database; only workers need it, see {@link Topology#requireJdbc(int, String)}
 * @param metricsPort the HTTP port of its worker's metrics, if any
 */
public record Replica(int shard, String name, Optional<String> jdbcUrl, OptionalInt metricsPort) {
    public Replica {
        if (shard < 1) {
            throw new IllegalArgumentException("shard " + shard + " (expected: >= 1)");
        }
        if (!FunctionNames.isValidReplicaName(name)) {
            throw new IllegalArgumentException("replica name '" + name + "' (expected: " + FunctionNames.REPLICA_NAME.pattern() + ")");
        }
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(metricsPort, "metricsPort");
    }

    /** A replica with a JDBC URL and no metrics port. */
    public static Replica of(int shard, String name, String jdbcUrl) {
        return new Replica(shard, name, Optional.ofNullable(jdbcUrl), OptionalInt.empty());
    }

    /** {@code mail<shard>@<name>}: this replica's own function (write events, pinned queries). */
    public String functionName() {
        return FunctionNames.replica(shard, name);
    }

    /** The topology key of this replica's JDBC URL, e.g. {@code shard.1.replica.a.jdbc}. */
    public String jdbcKey() {
        return "shard." + shard + ".replica." + name + ".jdbc";
    }
}
