package org.gmdb.launcher;

import java.nio.file.Path;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option of every subcommand that reads the topology; mix it in
 * with {@code @Mixin TopologyOptions topology;} and call {@link #load()}.
 *
 * <p>Caveat: without {@code --config}, the file comes from {@code $GMDB_TOPOLOGY}, else from a
 * running {@code ./gmdb up} ({@code $GMDB_HOME/run/topology.properties}); see
 * {@link TopologyLoader#discover(Path)}.
 */
public final class TopologyOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Topology file. Default: $GMDB_TOPOLOGY, else the one a running './gmdb up'"
                    + " left in $GMDB_HOME/run/topology.properties ($GMDB_HOME: ~/.gmdb).")
    Path config;

    /** The validated topology, or a {@code TopologyException} saying what is wrong or missing. */
    public Topology load() {
        return TopologyLoader.discover(config);
    }

    /** The explicit {@code --config}, or null. */
    public Path explicitFile() {
        return config;
    }
}
