package org.gmdb.mail.event.query;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sort keys of message lists; ties are broken by message id so every replica agrees. */
public enum Sort {
    /** The Date: header (messages without one sort as their arrival). */
    @JsonProperty("date") DATE,
    /** Internal date: when the message arrived (deliver) or the APPEND's date. */
    @JsonProperty("arrival") ARRIVAL,
    /** Replica-local UID; across users or shards it falls back to arrival. */
    @JsonProperty("uid") UID
}
