package org.gmdb.mailstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.QueryCodec;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mailstore.antientropy.AntiEntropyCodec;
import org.gmdb.mailstore.antientropy.AntiEntropyRequest;
import org.junit.jupiter.api.Test;

class PayloadKindTest {

    private static PayloadKind of(String text) {
        return PayloadKind.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldTellEventsQueriesAndAntiEntropyRequestsApart() {
        MailEvent e = new MailEvent.Deliver(EventHeader.create("t", "a@example.com"), "INBOX", Set.of(),
                "{\"q\":\"not a query, message bytes\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(PayloadKind.EVENT, PayloadKind.of(EventCodec.encode(e)));
        assertEquals(PayloadKind.QUERY, PayloadKind.of(QueryCodec.encodeRequest(new QueryRequest.Counts("a@example.com", null))));
        assertEquals(PayloadKind.ANTI_ENTROPY, PayloadKind.of(AntiEntropyCodec.encodeRequest(new AntiEntropyRequest.Status())));
    }

    @Test
    void shouldLookOnlyAtTopLevelKeysOfTheFirstLine() {
        assertEquals(PayloadKind.EVENT, of("{\"v\":1,\"nested\":{\"q\":\"x\",\"ae\":\"y\"},\"op\":\"deliver\"}\n{\"q\":1}"));
        assertEquals(PayloadKind.QUERY, of("{\"criteria\":{\"user\":\"a\"},\"q\":\"search\"}"));
    }

    @Test
    void shouldCallAnythingElseAnEventSoTheEventDecoderExplainsIt() {
        assertEquals(PayloadKind.EVENT, of("hello"));
        assertEquals(PayloadKind.EVENT, of(""));
        assertEquals(PayloadKind.EVENT, of("[1,2]"));
        assertEquals(PayloadKind.EVENT, of("{\"v\":1"));
    }
}
