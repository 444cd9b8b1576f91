package org.gmdb.mail.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void shouldPreferTheExplicitConfigOverEverythingElse() throws IOException {
        Path explicit = write(dir.resolve("explicit.properties"));
        Path fromEnv = write(dir.resolve("env.properties"));
        Path home = dir.resolve("home");
        write(GmdbHome.of(Map.of(), home).runTopologyFile());

        assertEquals(explicit, TopologyLoader.locate(explicit, Map.of(TopologyLoader.ENV_TOPOLOGY, fromEnv.toString()), home));
    }

    @Test
    void shouldUseTheEnvironmentVariableBeforeTheRunningUp() throws IOException {
        Path fromEnv = write(dir.resolve("env.properties"));
        Path home = dir.resolve("home");
        write(GmdbHome.of(Map.of(), home).runTopologyFile());

        assertEquals(fromEnv, TopologyLoader.locate(null, Map.of(TopologyLoader.ENV_TOPOLOGY, fromEnv.toString()), home));
    }

    @Test
    void shouldFindTheTopologyOfARunningUpUnderGmdbHome() throws IOException {
        Path gmdbHome = dir.resolve("custom-home");
        Path run = write(gmdbHome.resolve("run/topology.properties"));
        Map<String, String> env = Map.of(GmdbHome.ENV_HOME, gmdbHome.toString());

        assertEquals(run, TopologyLoader.locate(null, env, dir.resolve("unused")));
        assertEquals(1, TopologyLoader.discover(null, env, dir.resolve("unused")).shardCount());
    }

    @Test
    void shouldDefaultGmdbHomeToDotGmdbInTheUserHome() {
        GmdbHome home = GmdbHome.of(Map.of(), dir);
        assertEquals(dir.resolve(".gmdb"), home.dir());
        assertEquals(dir.resolve(".gmdb/run/topology.properties"), home.runTopologyFile());
        assertEquals(dir.resolve(".gmdb/mariadb"), home.mariadbDir());
    }

    @Test
    void shouldSayNoUpIsRunningWhenNothingIsFound() {
        var e = assertThrows(TopologyException.class, () -> TopologyLoader.locate(null, Map.of(), dir));
        assertEquals("no running './gmdb up' found: no --config given, $GMDB_TOPOLOGY is not set, and "
                + dir.resolve(".gmdb/run/topology.properties") + " does not exist (start one with './gmdb up',"
                + " or pass --config FILE; $GMDB_HOME is not set, so ~/.gmdb)", e.getMessage());
    }

    @Test
    void shouldNotFallBackWhenANamedFileIsMissing() throws IOException {
        Path home = dir.resolve("home");
        write(GmdbHome.of(Map.of(), home).runTopologyFile());
        Path missing = dir.resolve("nope.properties");

        var explicit = assertThrows(TopologyException.class, () -> TopologyLoader.locate(missing, Map.of(), home));
        assertEquals("topology file " + missing + " not found", explicit.getMessage());
        var env = assertThrows(TopologyException.class,
                () -> TopologyLoader.locate(null, Map.of(TopologyLoader.ENV_TOPOLOGY, missing.toString()), home));
        assertEquals("topology file " + missing + " not found (from $GMDB_TOPOLOGY)", env.getMessage());
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "jobservers = 127.0.0.1:4730\nshards = 1\nshard.1.replicas = a\n");
        return file;
    }
}
