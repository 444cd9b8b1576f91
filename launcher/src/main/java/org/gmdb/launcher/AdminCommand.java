package org.gmdb.launcher;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.client.GearmanClient;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mailstore.admin.ReplicaStatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gmdb admin ...}: tools for operators. {@code gmdb admin replicas} asks every replica
 * of the topology for its state ({@link ReplicaStatusReport}) and prints one row per replica
 * (with its count of event ids that arrived with different content) and one line per shard
 * saying whether its replicas have converged.
 *
 * <p>Caveat: a replica that is down is shown after the timeout, and its status request waits
 * in the job server's queue (one per replica) until it returns.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operator tools: 'gmdb admin replicas'.",
        subcommands = {AdminCommand.Replicas.class})
final class AdminCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "an admin subcommand is required (replicas)");
    }

    /** {@code gmdb admin replicas}: exit 0 when every shard has converged, 1 when not (or a replica is down). */
    @Command(name = "replicas", mixinStandardHelpOptions = true,
            description = {"Show every replica's state and whether each shard's replicas have converged.",
                "Per replica: events applied, newest event, events missing compared to its peers, event ids",
                "that arrived with different content (conflicts), lag, last anti-entropy round. Converged means",
                "equal event-log digests, content included. Exit code 0 if every shard has converged, 1 if not",
                "or a replica did not answer."})
    static final class Replicas implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        TopologyOptions topology;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
                description = "Longest wait for each replica's answer (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() {
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("--timeout " + timeoutSeconds + " (expected: >= 1 second)");
            }
            Topology t = topology.load();
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            List<ServerAddress> servers = t.jobServerAddresses().stream()
                    .map(hp -> new ServerAddress(hp.host(), hp.port())).toList();
            try (GearmanClient client = GearmanClient.builder().servers(servers).clientId("gmdb-admin")
                    .requestTimeout(timeout).build()) {
                List<ReplicaStatusReport.ShardReport> report = new ReplicaStatusReport(t, client, timeout).collect();
                PrintWriter out = spec.commandLine().getOut();
                out.print(ReplicaStatusReport.render(report));
                out.flush();
                return report.stream().allMatch(ReplicaStatusReport.ShardReport::converged) ? 0 : LauncherErrors.FAILED;
            }
        }
    }
}
