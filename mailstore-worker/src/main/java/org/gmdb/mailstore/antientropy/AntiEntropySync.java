package org.gmdb.mailstore.antientropy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.client.GearmanClient;
import org.gmdb.gearman.client.SubmitOptions;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.MalformedEventException;
import org.gmdb.mail.route.FunctionNames;
import org.gmdb.mailstore.store.EventLog;
import org.gmdb.mailstore.write.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull side of anti-entropy for one replica: every round it asks each peer of its
 * shard for its bucket digests, and for every bucket where the peer's digest differs from
 * its own it fetches the peer's ids, pulls the payloads of the events it lacks and applies
 * them. Every replica pulls, so after a round on each side with no new writes all digests
 * are equal; a replica whose database was wiped gets every event back.
 *
 * <p>Requests go to {@code mail<N>@<peer>} as foreground jobs at high priority, with a
 * unique per asker and kind, so that requests to a peer that is down coalesce in the job
 * server's queue rather than pile up. Caveat: one round at a time; a peer that does not
 * answer within the request timeout is skipped until the next round, and its queued request
 * is answered (to nobody) when it returns.
 */
public final class AntiEntropySync implements AutoCloseable {

    /** Ids asked per events request. */
    static final int IDS_PER_PULL = 200;

    private static final Logger log = LoggerFactory.getLogger(AntiEntropySync.class);

    private final int shard;
    private final String replica;
    private final List<String> peers;
    private final GearmanClient client;
    private final LogSummary summary;
    private final BiFunction<List<MailEvent>, Map<MailEvent, byte[]>, Integer> store;
    private final Duration requestTimeout;
    private final Object roundLock = new Object();
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private volatile ReplicaStatus.SyncState state = ReplicaStatus.SyncState.NONE;
    private long rounds;
    private long totalPulled;

    /**
     * @param store applies a batch of events in one transaction (idempotent), given the digests the
     *     peer logged them under (for stand-ins of purged messages), returning how many were new
     */
    public AntiEntropySync(int shard, String replica, List<String> peers, GearmanClient client, LogSummary summary,
            BiFunction<List<MailEvent>, Map<MailEvent, byte[]>, Integer> store, Duration requestTimeout) {
        this.shard = shard;
        this.replica = replica;
        this.peers = List.copyOf(peers);
        this.client = Objects.requireNonNull(client, "client");
        this.summary = summary;
        this.store = store;
        this.requestTimeout = requestTimeout;
    }

    /** Runs a round every {@code interval}, the first after one interval. */
    public synchronized void start(Duration interval) {
        if (scheduler != null || peers.isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anti-entropy-" + FunctionNames.replica(shard, replica));
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::roundQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    public ReplicaStatus.SyncState state() {
        return state;
    }

    /** The outcome of one round. */
    public record Round(long missing, long pulled, boolean inSync, int peersAnswered, int peers, String error) {
    }

    /** Runs one round now (waits for a round in progress to end first). */
    public Round runRound() {
        synchronized (roundLock) {
            long missing = 0;
            long pulled = 0;
            boolean inSync = true;
            int answered = 0;
            String error = null;
            for (String peer : peers) {
                if (closed) {
                    error = "closed";
                    inSync = false;
                    break;
                }
                try {
                    PeerResult r = syncWith(peer);
                    missing += r.missing;
                    pulled += r.pulled;
                    inSync &= r.inSync;
                    answered++;
                } catch (Exception e) {
                    inSync = false;
                    error = peer + ": " + describe(e);
                    log.info("anti-entropy of {} with peer {} failed: {}", FunctionNames.replica(shard, replica), peer,
                            describe(e));
                }
            }
            rounds++;
            totalPulled += pulled;
            state = new ReplicaStatus.SyncState(System.currentTimeMillis(), rounds, missing, totalPulled, inSync,
                    answered, peers.size(), error);
            if (pulled > 0) {
                log.info("anti-entropy of {}: pulled {} events from peers ({} were missing)",
                        FunctionNames.replica(shard, replica), pulled, missing);
            }
            return new Round(missing, pulled, inSync, answered, peers.size(), error);
        }
    }

    private void roundQuietly() {
        try {
            runRound();
        } catch (RuntimeException e) {
            log.warn("anti-entropy round failed", e);
        }
    }

    private record PeerResult(long missing, long pulled, boolean inSync) {
    }

    private PeerResult syncWith(String peer) throws Exception {
        String function = FunctionNames.replica(shard, peer);
        AntiEntropyCodec.Digests theirs = AntiEntropyCodec.decode(
                ask(function, new AntiEntropyRequest.Digests(replica), "digests"), AntiEntropyCodec.Digests.class);
        List<BucketDigest> ours = summary.digests();
        if (theirs.buckets().equals(ours)) {
            return new PeerResult(0, 0, true);
        }
        Map<Long, BucketDigest> mine = new HashMap<>();
        for (BucketDigest d : ours) {
            mine.put(d.bucket(), d);
        }
        long missing = 0;
        long pulled = 0;
        for (BucketDigest d : theirs.buckets()) {
            if (d.equals(mine.get(d.bucket()))) {
                continue;
            }
            AntiEntropyCodec.Ids ids = AntiEntropyCodec.decode(
                    ask(function, new AntiEntropyRequest.Ids(d.bucket()), "ids-" + d.bucket()), AntiEntropyCodec.Ids.class);
            List<UUID> lacking = lacking(d.bucket(), ids);
            missing += lacking.size();
            pulled += pull(function, lacking);
        }
        // Equal now only if we lacked events and the peer lacks none (it pulls those on its own round).
        boolean inSync = missing > 0 && summary.digests().equals(theirs.buckets());
        return new PeerResult(missing, pulled, inSync);
    }

    /**
     * The ids of which the peer has a version this replica lacks: an unknown id, or a known
     * id with other content (a conflict: every version is pulled, the known ones are no-ops).
     */
    private List<UUID> lacking(long bucket, AntiEntropyCodec.Ids theirs) {
        Set<AntiEntropyCodec.Version> have = new HashSet<>();
        Set<UUID> haveIds = new HashSet<>();
        for (EventLog.Version v : summary.log().versions(bucket)) {
            have.add(AntiEntropyCodec.Version.of(v));
            haveIds.add(v.id());
        }
        Set<UUID> out = new LinkedHashSet<>();
        if (theirs.versions() == null) {
            for (UUID id : theirs.ids()) {
                if (!haveIds.contains(id)) {
                    out.add(id);
                }
            }
        } else {
            for (AntiEntropyCodec.Version v : theirs.versions()) {
                if (!have.contains(v)) {
                    out.add(v.id());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Pulls the payloads of {@code ids} from the peer and applies them; returns how many were new here. */
    private long pull(String function, List<UUID> ids) throws Exception {
        long fresh = 0;
        List<UUID> rest = new ArrayList<>(ids);
        while (!rest.isEmpty() && !closed) {
            List<UUID> ask = new ArrayList<>(rest.subList(0, Math.min(IDS_PER_PULL, rest.size())));
            List<EventLog.Payload> got = AntiEntropyCodec.decodeEvents(
                    ask(function, new AntiEntropyRequest.Events(ask), null));
            if (got.isEmpty()) {
                log.debug("{} has none of {} asked events (gone since its ids were listed)", function, ask.size());
                rest.subList(0, ask.size()).clear();
                continue;
            }
            // The answer follows the order asked and may stop early: every id up to the last
            // one answered that is not in the answer is unknown there.
            UUID last = got.get(got.size() - 1).id();
            int answered = ask.indexOf(last);
            if (answered < 0 || !got.stream().allMatch(p -> ask.contains(p.id()))) {
                throw new IllegalStateException(function + " answered events that were not asked for (last " + last
                        + ", " + got.size() + " events for " + ask.size() + " ids)");
            }
            rest.subList(0, answered + 1).clear();
            fresh += apply(function, got);
        }
        return fresh;
    }

    private long apply(String from, List<EventLog.Payload> payloads) {
        List<MailEvent> events = new ArrayList<>(payloads.size());
        Map<MailEvent, byte[]> digests = new IdentityHashMap<>();
        for (EventLog.Payload p : payloads) {
            try {
                MailEvent event = EventCodec.decode(p.bytes());
                if (!event.id().equals(p.id())) {
                    log.warn("{} sent event {} under id {}; skipped", from, event.id(), p.id());
                    continue;
                }
                events.add(event);
                if (p.sha256() != null && EventLog.isStandIn(event)) {
                    digests.put(event, p.sha256());
                }
            } catch (MalformedEventException ex) {
                log.warn("{} sent a malformed event {}; skipped: {}", from, p.id(), ex.getMessage());
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        try {
            return store.apply(events, digests);
        } catch (RuntimeException e) {
            if (DatabaseFailures.isDatabaseAway(e) || events.size() == 1) {
                throw e;
            }
            long fresh = 0;
            for (MailEvent event : events) {
                try {
                    fresh += store.apply(List.of(event), digests);
                } catch (RuntimeException one) {
                    if (DatabaseFailures.isDatabaseAway(one)) {
                        throw one;
                    }
                    log.error("event {} pulled from {} cannot be stored: {}", event.id(), from, one.getMessage());
                }
            }
            return fresh;
        }
    }

    private byte[] ask(String function, AntiEntropyRequest request, String coalesceKey) throws Exception {
        SubmitOptions options = SubmitOptions.defaults().priority(Priority.HIGH).timeout(requestTimeout);
        if (coalesceKey != null) {
            options = options.unique("ae:" + replica + ":" + coalesceKey);
        }
        try {
            return client.submit(function, AntiEntropyCodec.encodeRequest(request), options)
                    .get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from " + function + " within " + requestTimeout.toMillis() + " ms");
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
