package org.gmdb.mailstore.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.client.GearmanClient;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.topology.HostPort;
import org.gmdb.mail.topology.JobServer;
import org.gmdb.mail.topology.Replica;
import org.gmdb.mail.topology.Shard;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mailstore.ReplicaWorker;
import org.gmdb.mailstore.ReplicaWorkerSettings;

/**
 * One shard (number 1) with named replicas, each with its own database on the test
 * MariaDB (reached directly or through a given host:port, e.g. a {@link TcpProxy}), and a
 * job server (gearmand, or ours in-process); starts workers in-process with short test intervals and cleans
 * everything up (workers, client, gearmand, databases) at close.
 */
public final class ShardCluster implements AutoCloseable {

    private final JobServerKind.Running jobServer;
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Topology topology;
    private final GearmanClient client;
    private final List<ReplicaWorker> workers = new ArrayList<>();

    /** @param dbHostPorts replica name to the host:port its JDBC URL points at, in order */
    public ShardCluster(String prefix, Map<String, String> dbHostPorts) {
        this(JobServerKind.GEARMAND, prefix, dbHostPorts);
    }

    public ShardCluster(JobServerKind kind, String prefix, Map<String, String> dbHostPorts) {
        this(kind, prefix, dbHostPorts, 1);
    }

    /** With {@code shardCount} shards in the topology; shards 2 and up have a replica "a" that never runs. */
    public ShardCluster(JobServerKind kind, String prefix, Map<String, String> dbHostPorts, int shardCount) {
        this.jobServer = kind.start();
        List<Replica> replicas = new ArrayList<>();
        for (Map.Entry<String, String> e : dbHostPorts.entrySet()) {
            String db = TestMariaDb.uniqueName(prefix + "_" + e.getKey());
            databases.put(e.getKey(), db);
            replicas.add(Replica.of(1, e.getKey(), TestMariaDb.jdbcUrl(e.getValue(), db)));
        }
        List<Shard> shards = new ArrayList<>(List.of(new Shard(1, replicas)));
        for (int n = 2; n <= shardCount; n++) {
            shards.add(new Shard(n, List.of(new Replica(n, "a", Optional.empty(), OptionalInt.empty()))));
        }
        this.topology = new Topology("test " + prefix,
                List.of(JobServer.at(1, new HostPort("127.0.0.1", jobServer.port()))), shards);
        this.client = GearmanClient.builder().servers("127.0.0.1:" + jobServer.port()).requestTimeout(Duration.ofSeconds(5)).build();
    }

    /** Replicas on the test MariaDB directly, on gearmand. */
    public static ShardCluster of(String prefix, String... replicas) {
        return of(JobServerKind.GEARMAND, prefix, replicas);
    }

    /** Replicas on the test MariaDB directly, on the given kind of job server. */
    public static ShardCluster of(JobServerKind kind, String prefix, String... replicas) {
        return of(kind, prefix, 1, replicas);
    }

    /** Replicas of shard 1 on the test MariaDB directly, in a topology of {@code shardCount} shards. */
    public static ShardCluster of(JobServerKind kind, String prefix, int shardCount, String... replicas) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String r : replicas) {
            m.put(r, TestMariaDb.HOST_PORT);
        }
        return new ShardCluster(kind, prefix, m, shardCount);
    }

    public Topology topology() {
        return topology;
    }

    public GearmanClient client() {
        return client;
    }

    public String database(String replica) {
        return databases.get(replica);
    }

    /** Test settings: no automatic anti-entropy (tests run rounds), quick retries, short grace. */
    public ReplicaWorkerSettings settings(String replica) {
        return ReplicaWorkerSettings.of(topology, 1, replica).withConcurrency(8)
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMillis(1000))
                .withAntiEntropy(Duration.ZERO, Duration.ofSeconds(3))
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(2));
    }

    public ReplicaWorker start(String replica) {
        return start(settings(replica));
    }

    public ReplicaWorker start(ReplicaWorkerSettings settings) {
        ReplicaWorker w = ReplicaWorker.start(settings);
        synchronized (workers) {
            workers.add(w);
        }
        return w;
    }

    /** Submits the event as a background job to {@code mail1@<replica>}, unique = event id, as the client does. */
    public void send(String replica, MailEvent event) {
        try {
            client.submitBackground("mail1@" + replica, event.id().toString(), EventCodec.encode(event), Priority.NORMAL)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot submit " + event + " to mail1@" + replica, e);
        }
    }

    public long events(String replica) {
        return TestMariaDb.count(database(replica), "SELECT COUNT(*) FROM applied_event");
    }

    public static MailEvent.Deliver deliver(String user, String subject) {
        byte[] raw = ("From: Bob <bob@example.org>\r\nTo: " + user + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "@example.org>\r\n\r\nHello, " + subject + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return new MailEvent.Deliver(EventHeader.create("test", user), "INBOX", Set.of(), raw);
    }

    @Override
    public void close() {
        List<ReplicaWorker> copy;
        synchronized (workers) {
            copy = new ArrayList<>(workers);
        }
        for (ReplicaWorker w : copy) {
            w.kill();
        }
        client.close();
        jobServer.close();
        for (String db : databases.values()) {
            TestMariaDb.drop(db);
        }
    }
}
