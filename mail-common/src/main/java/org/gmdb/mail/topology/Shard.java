package org.gmdb.mail.topology;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.gmdb.mail.route.FunctionNames;

/**
 * One shard: the replicas that each hold a full copy of its users' mail.
 *
 * @param number   the shard number, from 1
 * @param replicas its replicas in the order of {@code shard.<n>.replicas}, at least one, names unique
 */
public record Shard(int number, List<Replica> replicas) {
    public Shard {
        if (number < 1) {
            throw new IllegalArgumentException("shard " + number + " (expected: >= 1)");
        }
        replicas = List.copyOf(replicas);
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("shard " + number + " has no replicas (expected: at least one)");
        }
        var names = new HashSet<String>();
        for (Replica r : replicas) {
            if (r.shard() != number) {
                throw new IllegalArgumentException("replica " + r.name() + " of shard " + r.shard() + " listed in shard " + number);
            }
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("shard " + number + " names replica '" + r.name() + "' twice");
            }
        }
    }

    /** {@code mail<number>}: the function every replica of this shard registers for queries. */
    public String functionName() {
        return FunctionNames.shard(number);
    }

    /** The replica called {@code name}, if this shard has one. */
    public Optional<Replica> replica(String name) {
        return replicas.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The replica names, in order. */
    public List<String> replicaNames() {
        return replicas.stream().map(Replica::name).toList();
    }
}
