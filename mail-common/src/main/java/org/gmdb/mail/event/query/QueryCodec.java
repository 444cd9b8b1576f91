package org.gmdb.mail.event.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;

/**
 * Query payloads: one line of JSON, e.g.
 * {@code {"q":"search","criteria":{"user":"alice@example.com","subject":"invoice"},"sort":"date","descending":true,"limit":20}};
 * responses likewise with {@code "r"}, and for a fetched message {@code \n} then its raw
 * bytes. Caveat: strict, an unknown field is an error (both sides ship together).
 */
public final class QueryCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryCodec() {
    }

    public static byte[] encodeRequest(QueryRequest request) {
        try {
            return JSON.writerFor(QueryRequest.class).writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write query " + request + " as JSON", e);
        }
    }

    public static QueryRequest decodeRequest(byte[] payload) throws MalformedQueryException {
        try {
            return JSON.readValue(firstLine(payload), QueryRequest.class);
        } catch (IOException e) {
            throw new MalformedQueryException("query is not valid: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeResponse(QueryResponse response) {
        byte[] line;
        try {
            line = JSON.writerFor(QueryResponse.class).writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write response " + response + " as JSON", e);
        }
        if (response instanceof QueryResponse.FetchedMessage f) {
            byte[] out = Arrays.copyOf(line, line.length + 1 + f.raw().length);
            out[line.length] = '\n';
            System.arraycopy(f.raw(), 0, out, line.length + 1, f.raw().length);
            return out;
        }
        return line;
    }

    public static QueryResponse decodeResponse(byte[] payload) throws MalformedQueryException {
        int newline = indexOf(payload, (byte) '\n');
        byte[] line = newline < 0 ? payload : Arrays.copyOf(payload, newline);
        QueryResponse response;
        try {
            response = JSON.readValue(line, QueryResponse.class);
        } catch (IOException e) {
            throw new MalformedQueryException("response is not valid: " + e.getMessage(), e);
        }
        if (response instanceof QueryResponse.FetchedMessage f) {
            byte[] raw = newline < 0 ? new byte[0] : Arrays.copyOfRange(payload, newline + 1, payload.length);
            return new QueryResponse.FetchedMessage(f.message(), raw);
        }
        return response;
    }

    private static byte[] firstLine(byte[] payload) {
        int newline = indexOf(payload, (byte) '\n');
        return newline < 0 ? payload : Arrays.copyOf(payload, newline);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
