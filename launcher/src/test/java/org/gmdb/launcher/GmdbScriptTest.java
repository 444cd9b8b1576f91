package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root {@code ./gmdb} script, run by bash in a copy of the repository layout, with
 * stand-ins for {@code mvn} and {@code java} that log how they were called (no real build).
 */
class GmdbScriptTest {

    private static final Path SCRIPT = Path.of("..", "gmdb").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    Path root;
    Path bin;
    Path javaHome;
    Path log;

    @BeforeEach
    void layOut() throws IOException {
        root = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(SCRIPT, root.resolve("gmdb"), StandardCopyOption.COPY_ATTRIBUTES);
        bin = Files.createDirectories(tmp.resolve("bin"));
        javaHome = Files.createDirectories(tmp.resolve("jdk"));
        log = tmp.resolve("calls.log");
        // mvn: logs its directory and arguments; MVN_FAIL_OFFLINE / MVN_FAIL make it fail; a
        // successful build leaves the jar.
        executable(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                echo "mvn $(pwd) $*" >> "$CALLS"
                if [[ -n "${MVN_FAIL:-}" ]]; then echo "BUILD FAILURE"; exit 1; fi
                if [[ -n "${MVN_FAIL_OFFLINE:-}" && " $* " == *" -o "* ]]; then
                  echo "[ERROR] Non-resolvable import POM: Cannot access central in offline mode"; exit 1
                fi
                mkdir -p launcher/target && touch launcher/target/gmdb.jar
                """);
        executable(Files.createDirectories(javaHome.resolve("bin")).resolve("java"), """
                #!/usr/bin/env bash
                echo "java $*" >> "$CALLS"
                echo "ran java"
                """);
    }

    @Test
    void shouldBuildOfflineFromTheRootWhenTheJarIsMissingThenRunIt() throws Exception {
        var run = run(tmp, Map.of(), "jobserver", "--port", "4730");
        assertEquals(0, run.code, run.err);
        assertEquals(List.of(
                "mvn " + root + " -B -q -DskipTests -o install",
                "java -jar " + root.resolve("launcher/target/gmdb.jar") + " jobserver --port 4730"), calls());
        assertEquals("ran java\n", run.out, "build output must stay off stdout");
    }

    @Test
    void shouldBuildOnlineWhenTheOfflineBuildFails() throws Exception {
        var run = run(tmp, Map.of("MVN_FAIL_OFFLINE", "1"), "--version");
        assertEquals(0, run.code, run.err);
        assertEquals(List.of(
                "mvn " + root + " -B -q -DskipTests -o install",
                "mvn " + root + " -B -q -DskipTests install",
                "java -jar " + root.resolve("launcher/target/gmdb.jar") + " --version"), calls());
        assertFalse(run.err.contains("[ERROR]"), "the offline attempt's errors should stay hidden: " + run.err);
        assertTrue(run.err.contains("gmdb: dependencies missing from ~/.m2 (a first build?): Maven downloads them now"),
                run.err);
    }

    @Test
    void shouldShowTheOfflineAttemptsErrorsWhenTheOnlineBuildFailsToo() throws Exception {
        var run = run(tmp, Map.of("MVN_FAIL", "1", "MVN_FAIL_OFFLINE", "1"), "--version");
        assertEquals(1, run.code);
        assertTrue(run.err.contains("gmdb: the offline attempt before it said:\nBUILD FAILURE"), run.err);
        assertTrue(run.err.contains("gmdb: the build failed (see above); nothing was run"), run.err);
    }

    @Test
    void shouldNotBuildWhenTheJarExistsUnlessAskedTo() throws Exception {
        Files.createDirectories(root.resolve("launcher/target"));
        Files.createFile(root.resolve("launcher/target/gmdb.jar"));
        assertEquals(0, run(tmp, Map.of(), "--version").code);
        assertEquals(List.of("java -jar " + root.resolve("launcher/target/gmdb.jar") + " --version"), calls());

        Files.delete(log);
        assertEquals(0, run(tmp, Map.of("GMDB_REBUILD", "1"), "--version").code);
        assertTrue(calls().get(0).startsWith("mvn "), calls().toString());
    }

    @Test
    void shouldStopWithAClearMessageWhenTheBuildFails() throws Exception {
        var run = run(tmp, Map.of("MVN_FAIL", "1"), "--version");
        assertEquals(1, run.code);
        assertTrue(run.err.contains("gmdb: the build failed (see above); nothing was run"), run.err);
        assertTrue(run.err.contains("BUILD FAILURE"), "mvn's output should go to stderr: " + run.err);
        assertFalse(calls().stream().anyMatch(c -> c.startsWith("java")), calls().toString());
    }

    @Test
    void shouldWorkFromAnyDirectoryAndThroughASymlinkAndSplitJavaOptions() throws Exception {
        Files.createDirectories(root.resolve("launcher/target"));
        Files.createFile(root.resolve("launcher/target/gmdb.jar"));
        Path linkDir = Files.createDirectories(tmp.resolve("elsewhere/bin"));
        Files.createSymbolicLink(linkDir.resolve("gmdb"), root.resolve("gmdb"));

        var run = runScript(linkDir.resolve("gmdb"), Files.createDirectories(tmp.resolve("cwd")),
                Map.of("GMDB_JAVA_OPTS", "-Xmx64m -Dx=1"), "list", "a b");
        assertEquals(0, run.code, run.err);
        assertEquals(List.of("java -Xmx64m -Dx=1 -jar " + root.resolve("launcher/target/gmdb.jar") + " list a b"), calls());
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(Path cwd, Map<String, String> env, String... args) throws Exception {
        return runScript(root.resolve("gmdb"), cwd, env, args);
    }

    private Run runScript(Path script, Path cwd, Map<String, String> env, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("CALLS", log.toString());
        pb.environment().remove("GMDB_JAVA_OPTS");
        pb.environment().remove("GMDB_REBUILD");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script should end");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
