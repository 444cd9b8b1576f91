package org.gmdb.mailstore.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.client.GearmanClient;
import org.gmdb.gearman.client.SubmitOptions;
import org.gmdb.mail.topology.Replica;
import org.gmdb.mail.topology.Shard;
import org.gmdb.mail.topology.Topology;
import org.gmdb.mailstore.antientropy.AntiEntropyCodec;
import org.gmdb.mailstore.antientropy.AntiEntropyRequest;
import org.gmdb.mailstore.antientropy.BucketDigest;
import org.gmdb.mailstore.antientropy.ReplicaStatus;

/**
 * What {@code gmdb admin replicas} shows: asks every replica of the topology for its
 * status (a foreground {@code {"ae":"status"}} job to {@code mail<N>@<replica>}, high
 * priority, all in parallel) and renders one table row per replica (events applied, newest
 * event, events missing compared to its peers, event ids that reached it with different
 * content, time behind the shard's newest event, last anti-entropy round) and one line per
 * shard saying whether its replicas have converged (every replica answered and all
 * event-log digests, which cover each event's content, are equal).
 *
 * <p>Caveat: "missing" is computed from per-bucket digests, so it is exact when a replica
 * lacks events its peers have, and a lower bound (at least 1 per bucket) when replicas
 * each hold events the other lacks; a version of an id with other content counts as an event. A replica that is down answers nothing: its row says
 * so after the timeout, and its status request waits in the job server's queue (coalesced,
 * one per replica) until it returns.
 */
public final class ReplicaStatusReport {

    private final Topology topology;
    private final GearmanClient client;
    private final Duration timeout;

    public ReplicaStatusReport(Topology topology, GearmanClient client) {
        this(topology, client, Duration.ofSeconds(5));
    }

    public ReplicaStatusReport(Topology topology, GearmanClient client, Duration timeout) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * One replica's row.
     *
     * @param status       its answer, or null if it gave none
     * @param error        why there is no answer; null if answered
     * @param missing      events its peers have that it lacks (see the class caveat); -1 if unknown
     * @param behindMillis the shard's newest event time minus its own; -1 if unknown
     */
    public record Row(int shard, String replica, ReplicaStatus status, String error, long missing, long behindMillis) {

        public boolean isUp() {
            return status != null;
        }
    }

    /** One shard: its rows, its newest event, and whether all replicas are equal. */
    public record ShardReport(int shard, List<Row> rows, Long newestTs, boolean converged) {
    }

    /** Asks every replica and returns the report, shard by shard; never throws for a replica that is down. */
    public List<ShardReport> collect() {
        Map<Replica, CompletableFuture<byte[]>> asked = new HashMap<>();
        byte[] request = AntiEntropyCodec.encodeRequest(new AntiEntropyRequest.Status());
        for (Replica r : topology.replicas()) {
            SubmitOptions options = SubmitOptions.defaults().priority(Priority.HIGH).timeout(timeout)
                    .unique("admin-status:" + r.functionName());
            asked.put(r, client.submit(r.functionName(), request, options));
        }
        List<ShardReport> out = new ArrayList<>();
        for (Shard shard : topology.shards()) {
            Map<String, ReplicaStatus> answers = new HashMap<>();
            Map<String, String> errors = new HashMap<>();
            for (Replica r : shard.replicas()) {
                try {
                    byte[] answer = asked.get(r).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                    answers.put(r.name(), AntiEntropyCodec.decode(answer, ReplicaStatus.class));
                } catch (ExecutionException e) {
                    errors.put(r.name(), String.valueOf(e.getCause().getMessage()));
                } catch (TimeoutException e) {
                    errors.put(r.name(), "no answer within " + timeout.toMillis() + " ms");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.put(r.name(), "interrupted");
                } catch (RuntimeException e) {
                    errors.put(r.name(), "bad answer: " + e.getMessage());
                }
            }
            out.add(shardReport(shard, answers, errors));
        }
        return out;
    }

    /** {@link #collect()} rendered by {@link #render(List)}. */
    public String run() {
        return render(collect());
    }

    private static ShardReport shardReport(Shard shard, Map<String, ReplicaStatus> answers, Map<String, String> errors) {
        Long newest = null;
        for (ReplicaStatus s : answers.values()) {
            if (s.newestTs() != null && (newest == null || s.newestTs() > newest)) {
                newest = s.newestTs();
            }
        }
        boolean converged = errors.isEmpty();
        List<BucketDigest> first = null;
        for (ReplicaStatus s : answers.values()) {
            if (first == null) {
                first = s.buckets();
            } else if (!first.equals(s.buckets())) {
                converged = false;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Replica r : shard.replicas()) {
            ReplicaStatus s = answers.get(r.name());
            if (s == null) {
                rows.add(new Row(shard.number(), r.name(), null, errors.get(r.name()), -1, -1));
                continue;
            }
            long behind = newest == null ? 0 : newest - (s.newestTs() == null ? 0 : s.newestTs());
            rows.add(new Row(shard.number(), r.name(), s, null, missing(s, answers.values()), behind));
        }
        return new ShardReport(shard.number(), rows, newest, converged);
    }

    /** Per bucket: how many more events the fullest peer has, at least 1 if a peer with as many differs. */
    static long missing(ReplicaStatus own, Iterable<ReplicaStatus> all) {
        Map<Long, BucketDigest> mine = new HashMap<>();
        for (BucketDigest d : own.buckets()) {
            mine.put(d.bucket(), d);
        }
        Map<Long, Long> lack = new HashMap<>();
        for (ReplicaStatus peer : all) {
            if (peer == own) {
                continue;
            }
            for (BucketDigest d : peer.buckets()) {
                BucketDigest m = mine.get(d.bucket());
                if (d.equals(m)) {
                    continue;
                }
                long ownCount = m == null ? 0 : m.count();
                long n = Math.max(d.count() - ownCount, d.count() >= ownCount ? 1 : 0);
                lack.merge(d.bucket(), n, Math::max);
            }
        }
        return lack.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The table: one row per replica, then one line per shard. */
    public static String render(List<ShardReport> report) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"SHARD", "REPLICA", "STATE", "EVENTS", "NEWEST EVENT", "MISSING", "CONFLICTS", "BEHIND",
            "LAST SYNC"});
        long now = System.currentTimeMillis();
        for (ShardReport shard : report) {
            for (Row row : shard.rows()) {
                if (!row.isUp()) {
                    cells.add(new String[] {Integer.toString(row.shard()), row.replica(), "DOWN", "-", "-", "-", "-", "-",
                            row.error()});
                    continue;
                }
                ReplicaStatus s = row.status();
                cells.add(new String[] {Integer.toString(row.shard()), row.replica(),
                        s.databaseAway() ? "DB AWAY" : "up", Long.toString(s.events()),
                        s.newestTs() == null ? "-" : Instant.ofEpochMilli(s.newestTs()).toString(),
                        Long.toString(row.missing()), Long.toString(s.conflicts()), row.behindMillis() + " ms",
                        lastSync(s.sync(), now)});
            }
        }
        int[] widths = new int[cells.get(0).length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                l.append(i == line.length - 1 ? line[i] : String.format("%-" + (widths[i] + 2) + "s", line[i]));
            }
            out.append(l.toString().stripTrailing()).append('\n');
        }
        for (ShardReport shard : report) {
            long up = shard.rows().stream().filter(Row::isUp).count();
            out.append("shard ").append(shard.shard()).append(": ")
                    .append(shard.converged() ? "converged" : "NOT converged")
                    .append(" (").append(up).append(" of ").append(shard.rows().size()).append(" replicas answered");
            long conflicts = shard.rows().stream().filter(Row::isUp).mapToLong(r -> r.status().conflicts()).max().orElse(0);
            if (conflicts > 0) {
                out.append("; ").append(conflicts).append(conflicts == 1 ? " event id" : " event ids")
                        .append(" arrived with different content: all versions kept, the lowest SHA-256 holds the id");
            }
            out.append(")\n");
        }
        return out.toString();
    }

    private static String lastSync(ReplicaStatus.SyncState sync, long now) {
        if (sync == null || sync.roundAt() == null) {
            return "no round yet";
        }
        String ago = Math.max(0, now - sync.roundAt()) / 1000 + " s ago";
        String peers = sync.peersAnswered() + "/" + sync.peers() + " peers";
        String result = sync.inSync() ? "in sync" : "pulled " + sync.totalPulled() + " in total";
        return ago + ", " + peers + ", " + result + (sync.lastError() == null ? "" : ", error: " + sync.lastError());
    }
}
