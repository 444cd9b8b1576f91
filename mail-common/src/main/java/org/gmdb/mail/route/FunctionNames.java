package org.gmdb.mail.route;

import java.util.regex.Pattern;

/**
 * Gearman function names of the mail store: {@code mail<N>} is shard N (queries, registered by
 * every replica of shard N), {@code mail<N>@<replica>} is one replica (its write events, and
 * queries pinned to it).
 *
 * <p>Caveat: replica names are restricted to {@code [A-Za-z0-9_-]{1,64}} so that a function
 * name is plain ASCII that every Gearman client (and a shell) can pass around unquoted.
 */
public final class FunctionNames {

    /** Prefix of every mail-store function name. */
    public static final String PREFIX = "mail";
    /** Separates the shard from the replica name in a replica's function name. */
    public static final char REPLICA_SEPARATOR = '@';
    /** What a replica name may look like. */
    public static final Pattern REPLICA_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern FUNCTION = Pattern.compile("mail([1-9][0-9]{0,8})(?:@([A-Za-z0-9_-]{1,64}))?");

    private FunctionNames() {
    }

    /** {@code mail<shard>}: the function of shard {@code shard} (queries). */
    public static String shard(int shard) {
        requireShard(shard);
        return PREFIX + shard;
    }

    /** {@code mail<shard>@<replica>}: the function of one replica (write events, pinned queries). */
    public static String replica(int shard, String replica) {
        requireShard(shard);
        requireReplicaName(replica);
        return PREFIX + shard + REPLICA_SEPARATOR + replica;
    }

    /** Whether {@code name} is a valid replica name (see {@link #REPLICA_NAME}). */
    public static boolean isValidReplicaName(String name) {
        return name != null && REPLICA_NAME.matcher(name).matches();
    }

    /**
     * Parses a function name of the mail store.
     *
     * @throws IllegalArgumentException if {@code function} is not {@code mail<N>} or {@code mail<N>@<replica>}
     */
    public static Parsed parse(String function) {
        var m = function == null ? null : FUNCTION.matcher(function);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("function name '" + function
                    + "' (expected: mail<N> or mail<N>@<replica>, N >= 1, replica " + REPLICA_NAME.pattern() + ")");
        }
        return new Parsed(Integer.parseInt(m.group(1)), m.group(2));
    }

    /**
     * A parsed function name.
     *
     * @param shard   the shard number, from 1
     * @param replica the replica name, or {@code null} for a shard's function
     */
    public record Parsed(int shard, String replica) {
        /** Whether this names one replica rather than the whole shard. */
        public boolean isReplica() {
            return replica != null;
        }
    }

    private static void requireShard(int shard) {
        if (shard < 1) {
            throw new IllegalArgumentException("shard " + shard + " (expected: >= 1)");
        }
    }

    private static void requireReplicaName(String replica) {
        if (!isValidReplicaName(replica)) {
            throw new IllegalArgumentException("replica name '" + replica + "' (expected: " + REPLICA_NAME.pattern() + ")");
        }
    }
}
