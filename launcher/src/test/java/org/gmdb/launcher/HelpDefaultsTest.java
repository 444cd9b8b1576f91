package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.jobserver.JobServerConfig;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mailstore.ReplicaWorkerSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The defaults that {@code gmdb help <command>} shows are the ones the code runs with. */
class HelpDefaultsTest {

    private static final Pattern DEFAULT = Pattern.compile("[Dd]efault: ([^\\s),;]+?)[).,;]*(\\s|$)");

    @Test
    void shouldShowEveryOptionsDefaultAsThePicocliDefaultValueOfThatOption() {
        List<String> wrong = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        forEachCommand(Gmdb.commandLine(), command -> {
            String usage = usage(command);
            for (OptionSpec option : command.getCommandSpec().options()) {
                Pattern named = Pattern.compile("(^|[\\s,])" + Pattern.quote(option.longestName()) + "[=\\s]");
                String line = usage.lines().filter(l -> named.matcher(l).find()).findFirst().orElse("");
                Matcher shown = DEFAULT.matcher(line);
                if (!shown.find()) {
                    continue;
                }
                String where = command.getCommandName() + " " + option.longestName();
                checked.add(where);
                boolean numeric = shown.group(1).matches("[0-9][0-9_,]*");
                // a number in the text must be the option's default value; words ("any") describe a null default
                if ((option.defaultValue() != null || numeric) && !shown.group(1).equals(option.defaultValue())) {
                    wrong.add(where + ": help says " + shown.group(1) + ", the option's default is "
                            + option.defaultValue());
                }
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked.containsAll(List.of("worker --concurrency", "worker --anti-entropy-interval-ms",
                "list --limit", "search --limit")), checked.toString());
    }

    @Test
    void shouldShowTheWorkersDefaultsAsTheReplicaWorkerRunsWithThem() {
        var topology = TopologyLoader.parse("jobservers = 127.0.0.1:4730\nshards = 1\nshard.1.replicas = a\n"
                + "shard.1.replica.a.jdbc = jdbc:mariadb://127.0.0.1:3306/m1a\n", "test");
        ReplicaWorkerSettings settings = ReplicaWorkerSettings.of(topology, 1, "a");
        String help = usage(Gmdb.commandLine().getSubcommands().get("worker"));

        assertTrue(help.contains("Jobs in hand at once (default: " + settings.concurrency() + ")"), help);
        assertTrue(help.contains("0: none (default: " + settings.antiEntropyInterval().toMillis() + ")"), help);
    }

    @Test
    void shouldShowTheJobServersDefaultsAsItsConfigHasThem() {
        JobServerConfig config = JobServerConfig.builder().build();
        String help = usage(Gmdb.commandLine().getSubcommands().get("jobserver"));

        assertEquals(GearmanConstants.DEFAULT_PORT, config.port());
        assertTrue(help.contains("--port N (default: " + config.port() + ")"), help);
        assertTrue(help.contains("--grab-wait-us N (default: " + config.grabWaitMicros() + ")"), help);
        assertTrue(help.contains("--job-created-delay-us N (default: " + config.jobCreatedDelayMicros() + ")"), help);
    }

    private static String usage(CommandLine command) {
        // one line per option, so that each default sits beside its name
        command.setUsageHelpWidth(400).setUsageHelpLongOptionsMaxWidth(80);
        return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static void forEachCommand(CommandLine command, java.util.function.Consumer<CommandLine> action) {
        action.accept(command);
        command.getSubcommands().values().forEach(sub -> forEachCommand(sub, action));
    }
}
