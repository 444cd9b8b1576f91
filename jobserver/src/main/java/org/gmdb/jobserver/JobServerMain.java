package org.gmdb.jobserver;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.Transport;
import org.gmdb.jobserver.queue.PersistentQueue;
import org.gmdb.jobserver.queue.mysql.MySqlPersistentQueue;

/**
 * Command line entry of the job server. Options follow gearmand's long names:
 * {@code --listen ADDR --port N --queue mysql://user[:pass]@host:port/db --job-retries N
 * --job-handle-prefix P --worker-wakeup N --grab-wait-us N --job-created-delay-us N --metrics-port N
 * --round-robin --exceptions --transport auto|epoll|nio}.
 *
 * <p>Prints exactly {@code jobserver listening on HOST:PORT} once it serves (tests wait for
 * that line), with the address it bound: {@code *:4730 (all interfaces)} without
 * {@code --listen}, as gearmand binds. SIGTERM/SIGINT stop at once; SIGUSR1 stops gracefully
 * (gearmand's semantics).
 */
public final class JobServerMain {

    private JobServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        JobServerConfig.Builder builder = JobServerConfig.builder();
        String queueUrl = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--exceptions" -> builder.exceptions(true);
                    case "-R", "--round-robin" -> builder.roundRobin(true);
                    case "-h", "--help" -> {
                        usage(System.out);
                        return;
                    }
                    case "-L", "--listen", "-p", "--port", "-q", "--queue", "-j", "--job-retries",
                         "--job-handle-prefix", "-w", "--worker-wakeup", "--grab-wait-us", "--job-created-delay-us", "-t", "--threads",
                         "--metrics-port", "--transport",
                         "--max-payload" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(arg + " needs a value");
                            }
                            value = args[++i];
                        }
                        switch (arg) {
                            case "-L", "--listen" -> builder.listen(value);
                            case "-p", "--port" -> builder.port(number(arg, value));
                            case "-q", "--queue" -> queueUrl = value;
                            case "-j", "--job-retries" -> builder.jobRetries(number(arg, value));
                            case "--job-handle-prefix" -> builder.handlePrefix(value);
                            case "-w", "--worker-wakeup" -> builder.workerWakeup(number(arg, value));
                            case "--grab-wait-us" -> builder.grabWaitMicros(number(arg, value));
                            case "--job-created-delay-us" -> builder.jobCreatedDelayMicros(number(arg, value));
                            case "-t", "--threads" -> builder.ioThreads(number(arg, value));
                            case "--metrics-port" -> builder.metricsPort(number(arg, value));
                            case "--transport" -> builder.transport(Transport.of(value));
                            case "--max-payload" -> builder.maxPayload(number(arg, value));
                            default -> throw new IllegalStateException("option table out of step at " + arg);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("jobserver: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        PersistentQueue queue = null;
        JobServer server;
        try {
            if (queueUrl != null) {
                queue = MySqlPersistentQueue.open(queueUrl);
                builder.persistentQueue(queue);
            }
            JobServerConfig config = builder.build();
            server = JobServer.start(config);
            System.out.println("jobserver listening on " + describe(server.localAddress()));
            System.out.flush();
        } catch (RuntimeException e) {
            System.err.println("jobserver: " + e.getMessage());
            if (queue != null) {
                queue.close();
            }
            System.exit(1);
            return;
        }
        JobServer running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "gmdb-jobserver-stop"));
        installGracefulSignal(running);
        while (!running.awaitTermination(1, TimeUnit.HOURS)) {
            // serve until stopped
        }
        System.exit(0);
    }

    /** SIGUSR1 = graceful stop, when the JVM lets us handle it (sun.misc.Signal is JDK-internal). */
    private static void installGracefulSignal(JobServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), signal -> server.shutdownGracefully());
        } catch (IllegalArgumentException | LinkageError e) {
            System.err.println("jobserver: SIGUSR1 (graceful stop) is not available here: " + e.getMessage());
        }
    }

    /** {@code 127.0.0.1:4730}, {@code [::1]:4730}, or {@code *:4730 (all interfaces)} for the wildcard address. */
    static String describe(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        if (address.isAnyLocalAddress()) {
            return "*:" + bound.getPort() + " (all interfaces)";
        }
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + bound.getPort();
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a number", e);
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: jobserver [--listen ADDR] [--port N] [--queue mysql://user[:pass]@host:port/db]");
        out.println("                 [--job-retries N] [--job-handle-prefix P] [--worker-wakeup N] [--grab-wait-us N]");
        out.println("                 [--job-created-delay-us N] [--metrics-port N] [--max-payload BYTES] [--round-robin]");
        out.println("                 [--threads N] [--exceptions] [--transport auto|epoll|nio]");
    }
}
