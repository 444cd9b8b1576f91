package org.gmdb.mailclient;

import java.util.Objects;
import org.gmdb.mail.route.FunctionNames;

/**
 * Which replica a read goes to: any replica of the shard (function {@code mail<N>}, the job
 * server picks a free worker), or one named replica ({@code mail<N>@<replica>}).
 *
 * <p>Caveat: UIDs, UIDVALIDITY and MODSEQs are per replica, so an IMAP session must pin
 * its reads of a mailbox to one replica; unpinned answers may come from a different replica
 * each time and may lag behind one another.
 */
public final class ReadFrom {

    private static final ReadFrom ANY = new ReadFrom(null);

    private final String replica;

    private ReadFrom(String replica) {
        this.replica = replica;
    }

    /** Any replica of the shard; the default. */
    public static ReadFrom anyReplica() {
        return ANY;
    }

    /** Always the replica called {@code name} (e.g. {@code "a"}). */
    public static ReadFrom replica(String name) {
        if (!FunctionNames.isValidReplicaName(name)) {
            throw new IllegalArgumentException("replica name '" + name + "' (expected: "
                    + FunctionNames.REPLICA_NAME.pattern() + ")");
        }
        return new ReadFrom(name);
    }

    /** The pinned replica's name, or null for any replica. */
    public String replicaName() {
        return replica;
    }

    public boolean isPinned() {
        return replica != null;
    }

    /** The function a read of shard {@code shard} goes to. */
    String functionFor(int shard) {
        return replica == null ? FunctionNames.shard(shard) : FunctionNames.replica(shard, replica);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadFrom r && Objects.equals(replica, r.replica);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(replica);
    }

    @Override
    public String toString() {
        return replica == null ? "any replica" : "replica " + replica;
    }
}
