package org.gmdb.jobserver.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gmdb.jobserver.compat.support.CompatFiles;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.ExternalCommand;
import org.gmdb.jobserver.compat.support.PeerOptions;
import org.gmdb.jobserver.compat.support.PeerServer;
import org.gmdb.jobserver.compat.support.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debian's real Gearman clients and workers against our server, with gearmand as the
 * control: the talk's {@code reverse} example in every pairing of {Perl, gearman CLI, PHP}
 * client with {Perl, gearman CLI, PHP} worker, and background submissions from each.
 * One server of each kind serves the whole class; each pairing runs one worker at a time.
 */
class RealClientsIT {

    private static final String INPUT = "MySQL Webinar";
    private static final String REVERSED = "ranibeW LQSyM";
    private static final long RUN_LIMIT_MS = 15_000;

    private static PeerServer gearmand;
    private static PeerServer ours;

    @BeforeAll
    static void startServers() {
        gearmand = Peers.started(true, PeerOptions.DEFAULT);
        ours = Peers.started(false, PeerOptions.DEFAULT);
    }

    @AfterAll
    static void stopServers() {
        if (gearmand != null) {
            gearmand.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    static Stream<Arguments> pairings() {
        List<Arguments> all = new ArrayList<>();
        for (String server : List.of("gearmand", "ours")) {
            for (String client : List.of("perl", "cli", "php")) {
                for (String worker : List.of("perl", "cli", "php")) {
                    all.add(Arguments.of(server, client, worker));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} client and {2} worker on {0}")
    @MethodSource("pairings")
    void shouldReverseTheTalksTextInEveryClientWorkerPairing(String serverName, String client, String worker)
            throws Exception {
        PeerServer server = server(serverName);
        try (ExternalCommand running = startWorker(worker, server)) {
            ExternalCommand result = runClient(client, server);
            assertEquals(0, result.exitCode(), "client failed" + result.describeOutput() + "\nworker:" + running.describeOutput());
            assertEquals(REVERSED, result.stdout().strip(), result.describeOutput());
            assertTrue(running.isAlive(), "worker died" + running.describeOutput());
        }
    }

    @ParameterizedTest(name = "{1} background client on {0}")
    @MethodSource("backgroundClients")
    void shouldRunBackgroundJobSubmittedByRealClientOnce(String serverName, String client) throws Exception {
        PeerServer server = server(serverName);
        String function = "bg_" + client;
        String payload = "background from " + client;
        ExternalCommand submit = switch (client) {
            case "cli" -> ExternalCommand.run(RUN_LIMIT_MS, "gearman", "-h", server.host(), "-p", port(server), "-b",
                    "-f", function, payload);
            case "perl" -> ExternalCommand.run(RUN_LIMIT_MS, "perl", ExternalCommand.resource("background-client.pl"),
                    server.address(), function, payload);
            default -> ExternalCommand.run(RUN_LIMIT_MS, "php", ExternalCommand.resource("background-client.php"),
                    server.address(), function, payload);
        };
        assertEquals(0, submit.exitCode(), submit.describeOutput());
        Path sink = CompatFiles.logFile("bg-sink-" + client);
        // tee appends each run's payload and returns it; the worker keeps taking jobs, so a
        // duplicate would run too, before the server shows the function idle
        try (ExternalCommand worker = ExternalCommand.start("gearman", "-h", server.host(), "-p", port(server),
                "-w", "-f", function, "--", "tee", "-a", sink.toString())) {
            String idle = function + "\t0\t0\t1";
            long deadline = System.currentTimeMillis() + RUN_LIMIT_MS;
            while (!(Files.exists(sink) && statusOf(server, function).equals(idle))) {
                assertTrue(System.currentTimeMillis() < deadline, "not idle after " + RUN_LIMIT_MS + " ms: "
                        + statusOf(server, function) + worker.describeOutput());
                Thread.sleep(20);
            }
        }
        assertEquals(payload, Files.readString(sink), "what the worker's runs recorded (each appends the payload)");
    }

    /** The function's line of the admin {@code status} reply, or "" when the server lists no such function. */
    private static String statusOf(PeerServer server, String function) throws IOException {
        try (Socket socket = new Socket(server.host(), server.port());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                     StandardCharsets.ISO_8859_1))) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("status\n".getBytes(StandardCharsets.ISO_8859_1));
            for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
                if (line.startsWith(function + "\t")) {
                    return line;
                }
            }
            return "";
        }
    }

    static Stream<Arguments> backgroundClients() {
        return Stream.of("gearmand", "ours").flatMap(server -> Stream.of("cli", "perl", "php")
                .map(client -> Arguments.of(server, client)));
    }

    private static PeerServer server(String name) {
        if (name.equals("gearmand")) {
            return gearmand;
        }
        return ours;
    }

    /** Starts a reverse worker of the given kind against the server. */
    static ExternalCommand startWorker(String kind, PeerServer server) {
        return switch (kind) {
            case "perl" -> ExternalCommand.start("perl", ExternalCommand.resource("reverse-worker.pl"), server.address());
            case "cli" -> ExternalCommand.start("gearman", "-h", server.host(), "-p", port(server), "-w", "-f", "reverse",
                    "--", "rev");
            case "php" -> ExternalCommand.start("php", ExternalCommand.resource("reverse-worker.php"), server.address());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Runs a reverse client of the given kind to completion. */
    static ExternalCommand runClient(String kind, PeerServer server) {
        return switch (kind) {
            case "perl" -> ExternalCommand.run(RUN_LIMIT_MS, "perl", ExternalCommand.resource("reverse-client.pl"),
                    server.address(), INPUT);
            case "cli" -> ExternalCommand.run(RUN_LIMIT_MS, "gearman", "-h", server.host(), "-p", port(server),
                    "-f", "reverse", INPUT);
            case "php" -> ExternalCommand.run(RUN_LIMIT_MS, "php", ExternalCommand.resource("reverse-client.php"),
                    server.address(), INPUT);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String port(PeerServer server) {
        return Integer.toString(server.port());
    }
}
