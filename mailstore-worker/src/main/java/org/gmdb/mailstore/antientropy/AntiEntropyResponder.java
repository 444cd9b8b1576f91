package org.gmdb.mailstore.antientropy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.gmdb.mailstore.store.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the anti-entropy requests that reach a replica's own function: digests, the ids
 * of a bucket, event payloads (within a size budget per answer) and status. Runs on the
 * worker's job threads; reads only.
 */
public final class AntiEntropyResponder {

    /** Payload bytes per events answer; at least one event is always sent, whatever its size. */
    public static final int EVENTS_ANSWER_BUDGET = 8 * 1024 * 1024;
    /** Most ids one events request may name. */
    public static final int MAX_IDS_PER_REQUEST = 1000;

    private static final Logger log = LoggerFactory.getLogger(AntiEntropyResponder.class);

    private final int shard;
    private final String replica;
    private final String instance;
    private final LogSummary summary;
    private final Supplier<ReplicaStatus> status;

    public AntiEntropyResponder(int shard, String replica, String instance, LogSummary summary,
            Supplier<ReplicaStatus> status) {
        this.shard = shard;
        this.replica = replica;
        this.instance = instance;
        this.summary = summary;
        this.status = status;
    }

    public byte[] answer(byte[] payload) {
        AntiEntropyRequest request = AntiEntropyCodec.decodeRequest(payload);
        if (request instanceof AntiEntropyRequest.Ping) {
            return AntiEntropyCodec.encode(new AntiEntropyCodec.Pong(shard, replica, instance));
        }
        if (request instanceof AntiEntropyRequest.Digests d) {
            log.debug("digests asked by {}", d.from());
            return AntiEntropyCodec.encode(new AntiEntropyCodec.Digests(shard, replica, summary.digests()));
        }
        if (request instanceof AntiEntropyRequest.Ids i) {
            List<AntiEntropyCodec.Version> versions = summary.log().versions(i.bucket()).stream()
                    .map(AntiEntropyCodec.Version::of).toList();
            List<UUID> ids = versions.stream().map(AntiEntropyCodec.Version::id).distinct().toList();
            return AntiEntropyCodec.encode(new AntiEntropyCodec.Ids(i.bucket(), ids, versions));
        }
        if (request instanceof AntiEntropyRequest.Events e) {
            return AntiEntropyCodec.encodeEvents(payloads(e.ids()));
        }
        if (request instanceof AntiEntropyRequest.Status) {
            return AntiEntropyCodec.encode(status.get());
        }
        throw new IllegalArgumentException("unknown anti-entropy request " + request);
    }

    private List<EventLog.Payload> payloads(List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > MAX_IDS_PER_REQUEST) {
            throw new IllegalArgumentException("events request for " + ids.size() + " ids (expected: <= "
                    + MAX_IDS_PER_REQUEST + ")");
        }
        List<EventLog.Payload> out = new ArrayList<>();
        long bytes = 0;
        // Small steps, so that a few big messages do not all sit in memory at once.
        for (int from = 0; from < ids.size(); from += 16) {
            List<EventLog.Payload> found = summary.log().payloads(ids.subList(from, Math.min(ids.size(), from + 16)));
            // Every version of an id goes in one answer: the asker counts an id answered as complete.
            Map<UUID, List<EventLog.Payload>> byId = new LinkedHashMap<>();
            for (EventLog.Payload p : found) {
                byId.computeIfAbsent(p.id(), id -> new ArrayList<>()).add(p);
            }
            for (List<EventLog.Payload> versions : byId.values()) {
                long size = versions.stream().mapToLong(p -> p.bytes().length).sum();
                if (!out.isEmpty() && bytes + size > EVENTS_ANSWER_BUDGET) {
                    return out;
                }
                out.addAll(versions);
                bytes += size;
            }
        }
        return out;
    }
}
