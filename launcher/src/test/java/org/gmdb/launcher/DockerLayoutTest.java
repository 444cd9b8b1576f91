package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gmdb.mail.topology.Replica;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/**
 * Keeps docker/topology.properties and docker/docker-compose.yml in step: the topology loads,
 * has the reference shape, and names only hosts that the compose file defines.
 * (No Docker engine runs in the build; the compose file's syntax is checked separately.)
 */
class DockerLayoutTest {

    private static final Path DOCKER = Path.of("..", "docker");

    @Test
    void shouldLoadTheReferenceTopologyOfTheComposeFile() throws IOException {
        Topology topology = TopologyLoader.load(DOCKER.resolve("topology.properties"));
        String compose = Files.readString(DOCKER.resolve("docker-compose.yml"));

        assertEquals(2, topology.jobServers().size());
        assertEquals(2, topology.shardCount());
        for (var jobServer : topology.jobServers()) {
            assertService(compose, jobServer.address().host());
            String queueHost = jobServer.queueUrl().orElseThrow().replaceFirst("^mysql://[^@]*@([^:/]+).*$", "$1");
            assertService(compose, queueHost);
            assertTrue(compose.contains("[\"jobserver\", \"--listen\", \"0.0.0.0\", \"--topology-index\", \""
                    + jobServer.index() + "\"]"), "the compose file should start job server " + jobServer.index() + " from the topology");
            assertTrue(compose.contains("\n  jobserver-" + jobServer.index() + ":\n"), "no service jobserver-" + jobServer.index());
        }
        for (Replica replica : topology.replicas()) {
            assertEquals(List.of("a", "b"), topology.shard(replica.shard()).replicaNames());
            String dbHost = topology.requireJdbc(replica.shard(), replica.name()).replaceFirst("^jdbc:mysql://([^:/]+).*$", "$1");
            assertService(compose, dbHost);
            assertService(compose, "worker-s" + replica.shard() + "-" + replica.name());
            assertTrue(compose.contains("[\"worker\", \"--shard\", \"" + replica.shard() + "\", \"--replica\", \""
                    + replica.name() + "\"]"), "no worker command for " + replica.functionName());
        }
    }

    private static void assertService(String compose, String name) {
        assertTrue(compose.contains("\n  " + name + ":\n"), "docker-compose.yml has no service '" + name + "'");
    }
}
