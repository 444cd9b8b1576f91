package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.gmdb.mail.topology.HostPort;
import org.gmdb.mail.topology.JobServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobServerCommandTest {

    private static final JobServer FROM_TOPOLOGY = new JobServer(2, new HostPort("jobserver-2", 4731),
            Optional.of("mysql://gmdb@db:3306/gmdb_queue"), OptionalInt.of(9102));

    @Test
    void shouldHandTheJobServerEveryOptionItDoesNotKnowItself() {
        var parsed = Gmdb.commandLine().parseArgs("jobserver", "--listen", "127.0.0.1", "--port=0", "--exceptions", "--help");
        JobServerCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(List.of("--listen", "127.0.0.1", "--port=0", "--exceptions", "--help"), command.serverArgs);
        assertEquals(null, command.topologyIndex);
    }

    @Test
    void shouldSayInItsHelpThatGearmanTrafficIsNeitherAuthenticatedNorEncrypted() {
        String help = Gmdb.commandLine().getSubcommands().get("jobserver").getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertTrue(help.contains("Not authenticated, not encrypted"), help);
        assertTrue(help.contains("Keep it on a trusted network"), help);
    }

    @Test
    void shouldFillPortQueueAndMetricsPortFromTheTopology() {
        assertEquals(List.of("--listen", "0.0.0.0", "--port", "4731", "--queue", "mysql://gmdb@db:3306/gmdb_queue",
                        "--metrics-port", "9102"),
                JobServerCommand.withTopologyDefaults(List.of("--listen", "0.0.0.0"), FROM_TOPOLOGY));
    }

    @Test
    void shouldLetCommandLineOptionsWinOverTheTopology() {
        assertEquals(List.of("-p", "5000", "--queue=mysql://other@h/q", "--metrics-port", "0"),
                JobServerCommand.withTopologyDefaults(List.of("-p", "5000", "--queue=mysql://other@h/q", "--metrics-port", "0"),
                        FROM_TOPOLOGY));
    }

    @Test
    void shouldAddOnlyThePortWhenTheTopologyHasNoQueueOrMetrics() {
        assertEquals(List.of("--port", "4730"),
                JobServerCommand.withTopologyDefaults(List.of(), JobServer.at(1, new HostPort("127.0.0.1", 4730))));
    }
}
