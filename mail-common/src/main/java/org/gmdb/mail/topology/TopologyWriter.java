package org.gmdb.mail.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/**
 * Writes a {@link Topology} in the file format {@link TopologyLoader} reads, e.g. for
 * {@code ./gmdb up} to leave its layout in {@link GmdbHome#runTopologyFile()}.
 *
 * <p>Caveat: comments and key order of a hand-written file are not preserved; this renders
 * the model, in a fixed order.
 */
public final class TopologyWriter {

    private TopologyWriter() {
    }

    /** The topology as properties text that {@link TopologyLoader#parse(String, String)} reads back equal. */
    public static String render(Topology topology, String headerComment) {
        var out = new StringBuilder();
        if (headerComment != null) {
            headerComment.lines().forEach(line -> out.append("# ").append(line).append('\n'));
        }
        out.append("jobservers = ").append(topology.jobServerAddresses().stream()
                .map(HostPort::toString).collect(Collectors.joining(", "))).append('\n');
        for (JobServer js : topology.jobServers()) {
            js.queueUrl().ifPresent(q -> line(out, "jobserver." + js.index() + ".queue", q));
            js.metricsPort().ifPresent(p -> line(out, "jobserver." + js.index() + ".metrics.port", String.valueOf(p)));
        }
        out.append('\n').append("shards = ").append(topology.shardCount()).append('\n');
        for (Shard shard : topology.shards()) {
            out.append('\n').append("shard.").append(shard.number()).append(".replicas = ")
                    .append(String.join(", ", shard.replicaNames())).append('\n');
            for (Replica r : shard.replicas()) {
                r.jdbcUrl().ifPresent(url -> line(out, r.jdbcKey(), url));
                r.metricsPort().ifPresent(p -> line(out, "shard." + r.shard() + ".replica." + r.name() + ".metrics.port",
                        String.valueOf(p)));
            }
        }
        return out.toString();
    }

    /**
     * Writes the topology to {@code file} atomically (a temporary file in the same directory,
     * then a rename), so a reader never sees half a file. Creates missing parent directories.
     */
    public static void write(Topology topology, Path file, String headerComment) {
        Path target = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, render(topology, headerComment));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topology file " + target + ": " + e.getMessage(), e);
        }
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(escape(value)).append('\n');
    }

    /** Escapes what Java properties would otherwise read differently in a value. */
    static String escape(String value) {
        var out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(i == 0 ? "\\ " : " "); // a leading blank would be eaten as separator
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
