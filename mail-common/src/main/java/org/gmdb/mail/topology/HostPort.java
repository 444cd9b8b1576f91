package org.gmdb.mail.topology;

/**
 * A TCP endpoint written {@code host:port} (IPv6 literals in brackets: {@code [::1]:4730}).
 *
 * <p>Caveat: the host is not resolved here; a name that does not resolve fails when connecting.
 */
public record HostPort(String host, int port) {

    /** Lowest and highest valid TCP port. */
    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty (expected: a host name or IP address)");
        }
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " (expected: " + MIN_PORT + ".." + MAX_PORT + ")");
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static HostPort parse(String text) {
        String s = text == null ? "" : text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + s + "' is not host:port (expected e.g. 127.0.0.1:4730)");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + s + "' is not host:port (expected: an IPv6 address in brackets, e.g. [::1]:4730)");
        }
        String portText = s.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not host:port: port '" + portText + "' is not a number", e);
        }
        try {
            return new HostPort(host, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s + "' is not host:port: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
