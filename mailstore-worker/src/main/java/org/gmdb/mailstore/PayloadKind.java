package org.gmdb.mailstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What a job sent to a replica's function carries, told by the top-level keys of the
 * payload's first (JSON) line: {@code "ae"} an anti-entropy request from a peer replica or
 * an admin tool, {@code "q"} a query ({@link org.gmdb.mail.event.query.QueryCodec}),
 * anything else a write event ({@link org.gmdb.mail.event.EventCodec}, key {@code "op"}).
 *
 * <p>Caveat: a payload that is not JSON at all counts as an event, so that the event
 * decoder reports what is wrong with it.
 */
public enum PayloadKind {
    EVENT, QUERY, ANTI_ENTROPY;

    private static final JsonFactory JSON = new JsonFactory();

    public static PayloadKind of(byte[] payload) {
        int end = 0;
        while (end < payload.length && payload[end] != '\n') {
            end++;
        }
        try (JsonParser p = JSON.createParser(payload, 0, end)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return EVENT;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if ("ae".equals(name)) {
                    return ANTI_ENTROPY;
                }
                if ("q".equals(name)) {
                    return QUERY;
                }
                if ("op".equals(name)) {
                    return EVENT;
                }
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            return EVENT;
        }
        return EVENT;
    }
}
