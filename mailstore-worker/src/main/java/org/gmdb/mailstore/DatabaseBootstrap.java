package org.gmdb.mailstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes sure a replica's database exists before the pool opens on it: connects to the
 * server named by the JDBC URL without the database name and runs
 * {@code CREATE DATABASE IF NOT EXISTS} (utf8mb4, binary collation).
 *
 * <p>Caveat: only {@code jdbc:mysql:} and {@code jdbc:mariadb:} URLs with a plain database
 * name ({@code [A-Za-z0-9_$]}) are understood; the user in the URL needs the CREATE privilege.
 */
public final class DatabaseBootstrap {

    private static final Pattern URL = Pattern.compile("(jdbc:(?:mysql|mariadb)://[^/?]*)/([^?/]*)(\\?.*)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    private DatabaseBootstrap() {
    }

    /** The parts of a JDBC URL that matter here. */
    public record JdbcTarget(String serverUrl, String database) {
    }

    public static JdbcTarget parse(String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("JDBC URL '" + jdbcUrl
                    + "' (expected: jdbc:mysql://host:port/database?options or jdbc:mariadb://...)");
        }
        String database = m.group(2);
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database + "' in JDBC URL '" + jdbcUrl
                    + "' (expected: " + NAME.pattern() + ")");
        }
        return new JdbcTarget(m.group(1) + "/" + (m.group(3) == null ? "" : m.group(3)), database);
    }

    /** Creates the URL's database if missing; returns its name. */
    public static String createIfMissing(String jdbcUrl) throws SQLException {
        JdbcTarget target = parse(jdbcUrl);
        try (Connection c = DriverManager.getConnection(target.serverUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + target.database()
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return target.database();
    }
}
