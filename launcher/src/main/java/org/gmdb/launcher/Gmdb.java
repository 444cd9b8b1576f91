package org.gmdb.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code gmdb} command: one executable jar, one subcommand per kind of process or tool.
 *
 * <p>Adding a subcommand is one class and one line: write a picocli {@code @Command} class in
 * this package (a {@code Callable<Integer>} returning the exit code; mix in {@link TopologyOptions}
 * if it reads the topology), then add it to {@code subcommands} below.
 *
 * <p>Caveat: {@link #main(String[])} ends the JVM with the subcommand's exit code; long-running
 * subcommands (servers) return only when they are stopped.
 */
@Command(name = "gmdb",
        mixinStandardHelpOptions = true,
        versionProvider = GmdbVersion.class,
        description = "A sharded e-mail store on Gearman and MySQL.",
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 bad usage. Set GMDB_DEBUG=1 for stack traces."},
        subcommands = {
            HelpCommand.class,
            // One line per subcommand, in the order they appear in the help:
            org.gmdb.launcher.up.UpCommand.class,
            JobServerCommand.class,
            WorkerCommand.class,
            org.gmdb.launcher.mail.DeliverCommand.class,
            org.gmdb.launcher.mail.ListCommand.class,
            org.gmdb.launcher.mail.FetchCommand.class,
            org.gmdb.launcher.mail.SearchCommand.class,
            AdminCommand.class,
        })
public final class Gmdb implements Runnable {

    @Spec
    CommandSpec spec;

    /** Runs {@code gmdb} with {@code args} and exits with its code. */
    public static void main(String[] args) {
        // jOOQ prints a banner and a "tip" at first use; an operator's terminal has no use for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(execute(args));
    }

    /** Runs {@code gmdb} with {@code args} and returns the exit code; for tests and embedding. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: subcommands, and errors printed as one clear message. */
    public static CommandLine commandLine() {
        return new CommandLine(new Gmdb())
                .setExecutionExceptionHandler(new LauncherErrors(System.getenv("GMDB_DEBUG") != null))
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
