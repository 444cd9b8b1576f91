package org.gmdb.launcher.mail;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gmdb.launcher.TopologyOptions;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mailclient.MailClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every mail subcommand needs to reach the store: the topology (by default the one of a
 * running {@code ./gmdb up}, see {@link TopologyOptions}) and a timeout; opens a
 * {@link MailClient} over them.
 *
 * <p>Caveat: {@link #factory} is replaceable so that tests run the commands without job servers.
 */
public final class MailClientOptions {

    /** Makes the client; tests put one over a fake transport here. */
    static Function<Settings, MailClient> factory = MailClientOptions::connect;

    @Mixin
    TopologyOptions topology;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait for the store's answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** What a client is made from; the topology is read only when asked for. */
    record Settings(Supplier<Topology> topology, Duration timeout) {
    }

    MailClient open() {
        return factory.apply(new Settings(topology::load, timeout()));
    }

    Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout " + timeoutSeconds + " (expected: >= 1 second)");
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    private static MailClient connect(Settings s) {
        return MailClient.builder().topology(s.topology().get()).author("gmdb-cli").queryTimeout(s.timeout())
                .applyTimeout(s.timeout()).requestTimeout(s.timeout()).build();
    }
}
