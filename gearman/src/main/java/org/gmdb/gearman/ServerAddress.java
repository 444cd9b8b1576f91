package org.gmdb.gearman;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gmdb.gearman.protocol.GearmanConstants;

/**
 * A job server's address, written {@code host:port} (port 4730 when left out; IPv6 as
 * {@code [::1]:4730}). Unresolved: the name is looked up at each connect.
 */
public record ServerAddress(String host, int port) {

    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 1 to 65535)");
        }
    }

    /** Parses {@code host}, {@code host:port} or {@code [v6]:port}. */
    public static ServerAddress parse(String text) {
        String s = Objects.requireNonNull(text, "text").trim();
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad server address '" + text + "' (expected: [v6]:port)");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("bad server address '" + text + "' (expected: [v6]:port)");
                }
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            }
        }
        try {
            return new ServerAddress(host, port == null ? GearmanConstants.DEFAULT_PORT : Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in server address '" + text + "'", e);
        }
    }

    /** Parses a list separated by commas and/or white space: {@code "a:4730, b:4731"}. */
    public static List<ServerAddress> parseList(String text) {
        List<ServerAddress> out = new ArrayList<>();
        for (String part : Objects.requireNonNull(text, "text").split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
