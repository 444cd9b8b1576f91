package org.gmdb.launcher.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gmdb.mail.topology.GmdbHome;
import org.gmdb.mail.topology.HostPort;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mail.topology.TopologyLoader;
import org.gmdb.mail.topology.TopologyWriter;
import org.junit.jupiter.api.Test;

class StoreLayoutTest {

    @Test
    void shouldNameReplicasByLetterAndDatabasesByShardAndReplica() {
        StoreLayout layout = new StoreLayout(2, 3);
        assertEquals(List.of("a", "b", "c"), layout.replicaNames());
        assertEquals("gmdb_s2_c", StoreLayout.databaseName(2, "c"));
    }

    @Test
    void shouldWriteATopologyThatTheLoaderReadsBackEqual() {
        Topology t = new StoreLayout(2, 2).topology(new HostPort("127.0.0.1", 4730),
                "mysql://root@127.0.0.1:3307/gmdb_queue", (s, r) -> "jdbc:mysql://127.0.0.1:3307/gmdb_s" + s + "_" + r + "?user=root");
        String text = TopologyWriter.render(t, "test");
        Topology back = TopologyLoader.parse(text, "test");
        assertEquals(List.of(new HostPort("127.0.0.1", 4730)), back.jobServerAddresses());
        assertEquals("mysql://root@127.0.0.1:3307/gmdb_queue", back.jobServer(1).queueUrl().orElseThrow());
        assertEquals("jdbc:mysql://127.0.0.1:3307/gmdb_s2_b?user=root", back.requireJdbc(2, "b"));
        assertEquals(List.of("a", "b"), back.shard(1).replicaNames());
    }

    @Test
    void shouldFillBothPlaceholdersOfTheJdbcTemplate() {
        assertEquals("jdbc:mysql://db:3306/mail_2_b?user=root",
                StoreLayout.fromTemplate("jdbc:mysql://db:3306/mail_{shard}_{replica}?user=root", 2, "b"));
    }

    @Test
    void shouldRefuseATemplateWithoutAPlaceholderSoReplicasNeverShareADatabase() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StoreLayout.fromTemplate("jdbc:mysql://db:3306/mail_{shard}?user=root", 1, "a"));
        assertTrue(e.getMessage().contains("expected: a jdbc: URL with {shard} and {replica}"), e.getMessage());
    }

    @Test
    void shouldRefuseCountsOutOfRange() {
        assertEquals("--replicas 27 (expected: 1..26)",
                assertThrows(IllegalArgumentException.class, () -> new StoreLayout(2, 27)).getMessage());
        assertEquals("--shards 0 (expected: 1..1024)",
                assertThrows(IllegalArgumentException.class, () -> new StoreLayout(0, 2)).getMessage());
    }

    @Test
    void shouldHidePasswordsOfPrintedJdbcUrls() {
        assertEquals("jdbc:mysql://h/db?user=mail&password=***&useSSL=false",
                LocalStore.hidePassword("jdbc:mysql://h/db?user=mail&password=s3cret&useSSL=false"));
    }

    @Test
    void shouldHideThePasswordOfAPrintedQueueUrlAndLeaveOneWithoutAlone() {
        assertEquals("mysql://root:***@127.0.0.1:3307/gmdb_queue",
                LocalStore.hidePassword("mysql://root:Ab3xYz@127.0.0.1:3307/gmdb_queue"));
        assertEquals("mysql://root@127.0.0.1:3307/gmdb_queue", LocalStore.hidePassword("mysql://root@127.0.0.1:3307/gmdb_queue"));
    }

    @Test
    void shouldNameGmdbHomeInTheExampleOnlyWhenItIsNotTheDefault() {
        GmdbHome other = new GmdbHome(Path.of("/srv/gmdb-test"));
        assertTrue(UpCommand.example(other).startsWith("GMDB_HOME=/srv/gmdb-test ./gmdb deliver --to alice@example.com"
                + " < message.eml; GMDB_HOME=/srv/gmdb-test ./gmdb list --user alice@example.com;"),
                UpCommand.example(other));
        assertTrue(UpCommand.example(GmdbHome.fromEnvironment()).startsWith("./gmdb deliver"));
        assertEquals(GmdbHome.of(Map.of(), Path.of("/home/x")).dir(), Path.of("/home/x/.gmdb"));
    }

    @Test
    void shouldExplainThatAPortIsTaken() {
        assertEquals("port 4730 on 127.0.0.1 is already in use (another './gmdb up', a gearmand or a job server?);"
                + " stop it, or pass --port N (--port 0 picks a free port)", LocalStore.portTaken(4730));
    }
}
