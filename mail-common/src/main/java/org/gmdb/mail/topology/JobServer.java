package org.gmdb.mail.topology;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One job server of the topology: where clients and workers connect, and, for the job server
 * process itself, its persistent queue and metrics port.
 *
 * @param index       1-based position in the {@code jobservers} list (keys {@code jobserver.<index>.*})
 * @param address     where clients and workers connect
 * @param queueUrl    the persistent queue, e.g. {@code mysql://root@127.0.0.1:3306/gmdb_queue}; empty: in memory
 * @param metricsPort the HTTP port of its Prometheus metrics, if any
 */
public record JobServer(int index, HostPort address, Optional<String> queueUrl, OptionalInt metricsPort) {
    public JobServer {
        if (index < 1) {
            throw new IllegalArgumentException("job server index " + index + " (expected: >= 1)");
        }
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(metricsPort, "metricsPort");
    }

    /** A job server with no queue URL and no metrics port. */
    public static JobServer at(int index, HostPort address) {
        return new JobServer(index, address, Optional.empty(), OptionalInt.empty());
    }
}
