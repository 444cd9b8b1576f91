package org.gmdb.jobserver.queue.mysql;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the persistent queue lives, parsed from
 * {@code mysql://user[:password]@host[:port]/database[?table=...&poolSize=...&connectTimeoutMs=...]}.
 *
 * <p>User and password may be percent-encoded ({@code p%40ss} for {@code p@ss}); the host may
 * be an IPv6 literal in brackets. Database and table names are restricted to
 * {@code [A-Za-z0-9_]} (and {@code $} for the database), so they can be quoted into DDL
 * without escaping. Caveat: {@link #toString()} hides the password, keep it that way.
 *
 * @param user             user name, not empty
 * @param password         password, empty when none was given
 * @param host             host name or address (IPv6 without brackets)
 * @param port             TCP port, 3306 by default
 * @param database         database name, created if missing
 * @param table            queue table, {@value #DEFAULT_TABLE} by default
 * @param poolSize         connections in the pool, {@value #DEFAULT_POOL_SIZE} by default
 * @param connectTimeoutMs how long a connection attempt may take before a write fails,
 *                         {@value #DEFAULT_CONNECT_TIMEOUT_MS} by default
 */
public record QueueUrl(String user, String password, String host, int port, String database,
                       String table, int poolSize, long connectTimeoutMs) {

    public static final int DEFAULT_PORT = 3306;
    public static final String DEFAULT_TABLE = "gearman_queue";
    public static final int DEFAULT_POOL_SIZE = 2;
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2000;

    private static final String SCHEME = "mysql://";
    private static final String FORM = "mysql://user[:password]@host[:port]/database";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int MAX_POOL_SIZE = 64;

    public QueueUrl {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("queue user is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("queue port " + port + " (expected: 1..65535)");
        }
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("queue database name '" + database
                    + "' (expected: 1..64 of [A-Za-z0-9_$])");
        }
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("queue table name '" + table
                    + "' (expected: 1..64 of [A-Za-z0-9_])");
        }
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("queue poolSize " + poolSize
                    + " (expected: 1.." + MAX_POOL_SIZE + ")");
        }
        if (connectTimeoutMs < 250) {
            // HikariCP's own floor for connectionTimeout
            throw new IllegalArgumentException("queue connectTimeoutMs " + connectTimeoutMs
                    + " (expected: >= 250)");
        }
    }

    /** Parses a queue URL; every mistake is an {@link IllegalArgumentException} naming the part. */
    public static QueueUrl parse(String url) {
        if (url == null || !url.startsWith(SCHEME)) {
            throw notAQueueUrl(url, "it must start with " + SCHEME);
        }
        String rest = url.substring(SCHEME.length());
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw notAQueueUrl(url, "the database is missing");
        }
        String authority = rest.substring(0, slash);
        String database = rest.substring(slash + 1);
        // The password may hold '@' only percent-encoded, so the last '@' ends the user part.
        int at = authority.lastIndexOf('@');
        if (at <= 0) {
            throw notAQueueUrl(url, "the user is missing");
        }
        String userInfo = authority.substring(0, at);
        String hostPort = authority.substring(at + 1);
        int colon = userInfo.indexOf(':');
        String user = decode(url, colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(url, userInfo.substring(colon + 1));

        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw notAQueueUrl(url, "the IPv6 host has no closing ']'");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw notAQueueUrl(url, "unexpected '" + after + "' after the host");
                }
                portText = after.substring(1);
            }
        } else {
            int portColon = hostPort.lastIndexOf(':');
            host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
            portText = portColon < 0 ? null : hostPort.substring(portColon + 1);
        }
        if (host.isEmpty()) {
            throw notAQueueUrl(url, "the host is missing");
        }
        int port = portText == null ? DEFAULT_PORT : parseInt(url, "port", portText);

        Map<String, String> params = parseQuery(url, query);
        String table = params.getOrDefault("table", DEFAULT_TABLE);
        int poolSize = params.containsKey("poolSize")
                ? parseInt(url, "poolSize", params.get("poolSize")) : DEFAULT_POOL_SIZE;
        long connectTimeoutMs = params.containsKey("connectTimeoutMs")
                ? parseInt(url, "connectTimeoutMs", params.get("connectTimeoutMs"))
                : DEFAULT_CONNECT_TIMEOUT_MS;
        try {
            return new QueueUrl(user, password, host, port, database, table, poolSize,
                    connectTimeoutMs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queue URL '" + redact(url) + "': " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of the server, with or without this URL's database. */
    String jdbcUrl(boolean withDatabase) {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        // Timeouts keep a dead server from hanging the writer: connect fails after
        // connectTimeoutMs, a half-open socket after a minute of silence.
        return "jdbc:mysql://" + hostPart + ":" + port + "/" + (withDatabase ? database : "")
                + "?connectTimeout=" + connectTimeoutMs + "&socketTimeout=60000"
                + "&tcpKeepAlive=true&characterEncoding=UTF-8";
    }

    @Override
    public String toString() {
        return "mysql://" + user + (password.isEmpty() ? "" : ":***") + "@"
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database
                + "?table=" + table + "&poolSize=" + poolSize
                + "&connectTimeoutMs=" + connectTimeoutMs;
    }

    private static Map<String, String> parseQuery(String url, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw notAQueueUrl(url, "parameter '" + pair + "' is not name=value");
            }
            String name = pair.substring(0, eq);
            if (!name.equals("table") && !name.equals("poolSize") && !name.equals("connectTimeoutMs")) {
                throw notAQueueUrl(url, "unknown parameter '" + name
                        + "' (expected: table, poolSize, connectTimeoutMs)");
            }
            if (params.put(name, decode(url, pair.substring(eq + 1))) != null) {
                throw notAQueueUrl(url, "parameter '" + name + "' given twice");
            }
        }
        return params;
    }

    private static int parseInt(String url, String what, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("queue URL '" + redact(url) + "': " + what + " '"
                    + text + "' is not a number", e);
        }
    }

    private static String decode(String url, String text) {
        try {
            // URLDecoder would turn '+' into a space; in a URL's user part '+' is itself.
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queue URL '" + redact(url)
                    + "': bad percent-encoding in '" + text + "'", e);
        }
    }

    private static IllegalArgumentException notAQueueUrl(String url, String why) {
        return new IllegalArgumentException("queue URL '" + redact(url) + "' is not " + FORM
                + ": " + why);
    }

    /** The URL with any password replaced, for messages. */
    private static String redact(String url) {
        if (url == null) {
            return "null";
        }
        return url.replaceFirst("^(mysql://[^:/@]*):[^/]*@", "$1:***@");
    }
}
