package org.gmdb.mailstore.antientropy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.UUID;

/**
 * A request to one replica's function {@code mail<N>@<replica>} about its event log, sent
 * as a foreground job at high priority by peer replicas and admin tools. The payload is one
 * line of JSON whose {@code "ae"} names the kind (see {@link AntiEntropyCodec}):
 *
 * <pre>
 * {"ae":"ping"}                          -> {"replica":"a","shard":1,"instance":"..."}
 * {"ae":"digests","from":"b"}            -> {"shard":1,"replica":"a","buckets":[{"bucket":489000,"count":3,"xor":"&lt;32 hex&gt;"}]}
 * {"ae":"ids","bucket":489000}           -> {"bucket":489000,"ids":["0190...",...],"versions":[{"id":"0190...","sha256":"&lt;64 hex&gt;"},...]}
 * {"ae":"events","ids":["0190...",...]}  -> {"events":[{"id":"0190...","size":812}]}\n&lt;payload bytes, concatenated&gt;
 * {"ae":"status"}                        -> see {@link ReplicaStatus}
 * </pre>
 *
 * <p>A bucket's {@code xor} covers each event's content digest; an id that arrived with
 * different content has several versions, and the events answer lists every one of them
 * (the same id more than once).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "ae")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AntiEntropyRequest.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = AntiEntropyRequest.Digests.class, name = "digests"),
    @JsonSubTypes.Type(value = AntiEntropyRequest.Ids.class, name = "ids"),
    @JsonSubTypes.Type(value = AntiEntropyRequest.Events.class, name = "events"),
    @JsonSubTypes.Type(value = AntiEntropyRequest.Status.class, name = "status")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface AntiEntropyRequest {

    /** Is the replica's worker there? Answers without touching the database. */
    record Ping() implements AntiEntropyRequest {
    }

    /** Digests of every non-empty time bucket of the event log; {@code from} names the asker, for logs. */
    record Digests(String from) implements AntiEntropyRequest {
    }

    /** The ids of the events in one bucket. */
    record Ids(long bucket) implements AntiEntropyRequest {
    }

    /**
     * The payloads of these events, as far as the replica has them; the answer may stop
     * early (a size budget), the asker asks again for the rest.
     */
    record Events(List<UUID> ids) implements AntiEntropyRequest {
    }

    /** Counts, newest event, digests and the anti-entropy state, for {@code gmdb admin replicas}. */
    record Status() implements AntiEntropyRequest {
    }
}
