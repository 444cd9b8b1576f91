package org.gmdb.jobserver;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gmdb.gearman.Transport;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.jobserver.engine.EngineSettings;
import org.gmdb.jobserver.engine.Handles;
import org.gmdb.jobserver.metrics.ServerMetrics;
import org.gmdb.jobserver.queue.PersistentQueue;

/**
 * How to run a {@link JobServer}; options named after gearmand's. Build with {@link #builder()}.
 *
 * @param listen           address to bind (gearmand {@code -L}); default {@code 0.0.0.0}
 * @param port             TCP port (gearmand {@code -p}); default 4730, 0 = any free port
 * @param jobRetries       fail a job after its worker was lost this many times; 0 = unlimited (gearmand 1.1 {@code -j})
 * @param handlePrefix     handles are {@code <prefix>:<n>}; default {@code H:<host name>} (gearmand {@code --job-handle-prefix})
 * @param workerWakeup     NOOPs per new job, 0 = all sleeping workers (gearmand {@code -w})
 * @param maxPayload       largest packet payload accepted; a larger one gets ERROR and the connection closes
 * @param maxField         largest NUL-terminated field (function names, uniques); gearmand's limit is its 8 KiB buffer
 * @param persistentQueue  where background jobs are kept, or null for memory only; the server closes it when it stops
 * @param metrics          where events are reported; {@link ServerMetrics#NONE} for nothing
 * @param metricsPort      port of the Prometheus {@code /metrics} endpoint, -1 = off, 0 = any free port
 * @param exceptions       forward WORK_EXCEPTION to every client, as if each had asked (gearmand {@code --exceptions})
 * @param writeLowWater    outbound bytes under which a paused connection is read again
 * @param writeHighWater   outbound bytes over which a connection (and whoever writes to it) is no longer read
 * @param maxPendingOutput outbound bytes over which a connection that does not read is closed
 * @param grabWaitMicros   how long a GRAB that finds nothing waits for a job before NO_JOB; 0 = at once, like gearmand
 * @param jobCreatedDelayMicros how long a foreground job's JOB_CREATED may wait to leave in one write with the
 *                         job's first result packet; 0 = at once, like gearmand
 * @param roundRobin       a worker's functions take turns within a priority level (gearmand {@code -R})
 * @param ioThreads        event loops the connections are spread over (gearmand {@code -t})
 * @param transport        the socket layer: native epoll where it loads ({@link Transport#AUTO}), or NIO
 */
public record JobServerConfig(String listen, int port, int jobRetries, String handlePrefix, int workerWakeup,
                              int maxPayload, int maxField, PersistentQueue persistentQueue, ServerMetrics metrics,
                              int metricsPort, boolean exceptions, int writeLowWater, int writeHighWater,
                              long maxPendingOutput, long grabWaitMicros, long jobCreatedDelayMicros,
                              boolean roundRobin, int ioThreads, Transport transport) {

    public JobServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(handlePrefix, "handlePrefix");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(transport, "transport");
        check("port", port, 0, 65535);
        check("metricsPort", metricsPort, -1, 65535);
        check("jobRetries", jobRetries, 0, Integer.MAX_VALUE);
        check("workerWakeup", workerWakeup, 0, Integer.MAX_VALUE);
        check("grabWaitMicros", grabWaitMicros, 0, EngineSettings.MAX_GRAB_WAIT_MICROS);
        check("ioThreads", ioThreads, 1, 256);
        check("jobCreatedDelayMicros", jobCreatedDelayMicros, 0, MAX_JOB_CREATED_DELAY_MICROS);
        check("maxPayload", maxPayload, 1, Integer.MAX_VALUE);
        check("maxField", maxField, 1, maxPayload);
        check("writeLowWater", writeLowWater, 1, writeHighWater);
        if (maxPendingOutput < writeHighWater) {
            throw new IllegalArgumentException("maxPendingOutput " + maxPendingOutput + " (expected: >= writeHighWater "
                    + writeHighWater + ")");
        }
        if (handlePrefix.length() > Handles.MAX_PREFIX) {
            throw new IllegalArgumentException("handlePrefix of " + handlePrefix.length() + " characters (expected: <= "
                    + Handles.MAX_PREFIX + ")");
        }
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " (expected: " + min + " to " + max + ")");
        }
    }

    /**
     * A busy worker's next job usually arrives within a few hundred microseconds of its GRAB;
     * an idle worker only sends its PRE_SLEEP this much later.
     */
    public static final long DEFAULT_GRAB_WAIT_MICROS = 2_000;

    /**
     * A foreground job that a worker finishes within this time costs the client one read for
     * JOB_CREATED and the result together, and the server one write.
     */
    public static final long DEFAULT_JOB_CREATED_DELAY_MICROS = 2_000;

    /** A JOB_CREATED never waits longer than a second: clients may give up on a reply after that. */
    public static final long MAX_JOB_CREATED_DELAY_MICROS = 1_000_000;

    public static Builder builder() {
        return new Builder();
    }

    /** The machine's host name as {@code uname -n} gives it, for the default handle prefix. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (Exception e) {
            // not Linux: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** Builder with gearmand's defaults. */
    public static final class Builder {
        private String listen = "0.0.0.0";
        private int port = GearmanConstants.DEFAULT_PORT;
        private int jobRetries;
        private String handlePrefix;
        private int workerWakeup;
        private int maxPayload = GearmanConstants.DEFAULT_MAX_PAYLOAD;
        private int maxField = GearmanConstants.DEFAULT_MAX_FIELD;
        private PersistentQueue persistentQueue;
        private ServerMetrics metrics = ServerMetrics.NONE;
        private int metricsPort = -1;
        private boolean exceptions;
        private int writeLowWater = 256 * 1024;
        private int writeHighWater = 1024 * 1024;
        private long maxPendingOutput = -1;
        private long grabWaitMicros = DEFAULT_GRAB_WAIT_MICROS;
        private long jobCreatedDelayMicros = DEFAULT_JOB_CREATED_DELAY_MICROS;
        private boolean roundRobin;
        private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private Transport transport = Transport.AUTO;

        public Builder listen(String address) {
            this.listen = address;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder jobRetries(int retries) {
            this.jobRetries = retries;
            return this;
        }

        public Builder handlePrefix(String prefix) {
            this.handlePrefix = prefix;
            return this;
        }

        public Builder workerWakeup(int workers) {
            this.workerWakeup = workers;
            return this;
        }

        public Builder maxPayload(int bytes) {
            this.maxPayload = bytes;
            return this;
        }

        public Builder maxField(int bytes) {
            this.maxField = bytes;
            return this;
        }

        public Builder persistentQueue(PersistentQueue queue) {
            this.persistentQueue = queue;
            return this;
        }

        public Builder metrics(ServerMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder metricsPort(int port) {
            this.metricsPort = port;
            return this;
        }

        public Builder exceptions(boolean on) {
            this.exceptions = on;
            return this;
        }

        public Builder writeBufferWaterMarks(int low, int high) {
            this.writeLowWater = low;
            this.writeHighWater = high;
            return this;
        }

        public Builder maxPendingOutput(long bytes) {
            this.maxPendingOutput = bytes;
            return this;
        }

        public Builder grabWaitMicros(long micros) {
            this.grabWaitMicros = micros;
            return this;
        }

        public Builder jobCreatedDelayMicros(long micros) {
            this.jobCreatedDelayMicros = micros;
            return this;
        }

        public Builder roundRobin(boolean on) {
            this.roundRobin = on;
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        public JobServerConfig build() {
            String prefix = handlePrefix != null ? handlePrefix : Handles.defaultPrefix(hostName());
            // room for a full payload plus a large admin listing
            long pendingCap = maxPendingOutput > 0 ? maxPendingOutput : (long) maxPayload + 32L * 1024 * 1024;
            return new JobServerConfig(listen, port, jobRetries, prefix, workerWakeup, maxPayload,
                    Math.min(maxField, maxPayload), persistentQueue, metrics, metricsPort, exceptions, writeLowWater,
                    writeHighWater, pendingCap, grabWaitMicros, jobCreatedDelayMicros, roundRobin,
                    ioThreads, transport);
        }
    }
}
