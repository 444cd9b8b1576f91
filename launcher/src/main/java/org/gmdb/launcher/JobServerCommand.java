package org.gmdb.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.jobserver.JobServerConfig;
import org.gmdb.jobserver.JobServerMain;
import org.gmdb.mail.topology.JobServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code gmdb jobserver}: runs our Gearman job server by handing its options to
 * {@link JobServerMain}, so that both accept exactly the same ones.
 *
 * <p>With {@code --topology-index I}, the job server also reads the topology and takes its
 * {@code --port}, {@code --queue} and {@code --metrics-port} from entry I of {@code jobservers}
 * (and {@code jobserver.I.*}); options given on the command line win.
 *
 * <p>Caveat: {@link JobServerMain} ends the JVM itself when the server stops or fails to start.
 */
@Command(name = "jobserver",
        description = {"Run a Gearman job server (wire-compatible with gearmand 1.1).",
            "Its own options (see 'gmdb jobserver --help'):",
            "  --listen ADDR (default: every interface, as gearmand)",
            "  --port N (default: " + GearmanConstants.DEFAULT_PORT + ")",
            "  --queue mysql://user[:pass]@host:port/db (default: none, jobs in memory only)",
            "  --job-retries N --job-handle-prefix P --worker-wakeup N",
            "  --grab-wait-us N (default: " + JobServerConfig.DEFAULT_GRAB_WAIT_MICROS + ")",
            "  --job-created-delay-us N (default: " + JobServerConfig.DEFAULT_JOB_CREATED_DELAY_MICROS + ")",
            "  --metrics-port N --max-payload BYTES (default: " + GearmanConstants.DEFAULT_MAX_PAYLOAD + ")",
            "  --round-robin --threads N (default: the cores, at most 4) --exceptions",
            "  --transport auto|epoll|nio (default: auto)",
            "",
            "Not authenticated, not encrypted: the Gearman protocol has no authentication.",
            "Anyone who reaches the port can submit, run, read and cancel jobs and use the",
            "admin commands. Keep it on a trusted network: --listen 127.0.0.1 or a private",
            "address, and a firewall in front of the port.",
            ""})
final class JobServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TopologyOptions topology;

    @Option(names = "--topology-index", paramLabel = "I",
            description = "Take --port, --queue and --metrics-port from job server I (1-based) of the topology.")
    Integer topologyIndex;

    @Unmatched
    List<String> serverArgs = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = serverArgs;
        if (args.contains("--help") || args.contains("-h")) {
            // Ours first (--config, --topology-index), then the job server's own usage.
            spec.commandLine().usage(spec.commandLine().getOut());
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().flush();
        }
        if (topologyIndex != null) {
            args = withTopologyDefaults(serverArgs, topology.load().jobServer(topologyIndex));
        }
        JobServerMain.main(args.toArray(String[]::new));
        return 0; // reached after --help; a running server ends the JVM itself
    }

    /** {@code args} plus the topology's settings for {@code jobServer} that {@code args} does not set. */
    static List<String> withTopologyDefaults(List<String> args, JobServer jobServer) {
        List<String> out = new ArrayList<>(args);
        if (!sets(args, "--port", "-p")) {
            out.addAll(List.of("--port", Integer.toString(jobServer.address().port())));
        }
        if (!sets(args, "--queue", "-q") && jobServer.queueUrl().isPresent()) {
            out.addAll(List.of("--queue", jobServer.queueUrl().get()));
        }
        if (!sets(args, "--metrics-port") && jobServer.metricsPort().isPresent()) {
            out.addAll(List.of("--metrics-port", Integer.toString(jobServer.metricsPort().getAsInt())));
        }
        return out;
    }

    private static boolean sets(List<String> args, String... names) {
        for (String arg : args) {
            for (String name : names) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return true;
                }
            }
        }
        return false;
    }
}
