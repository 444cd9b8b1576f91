package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

/**
 * Why the launcher's logging quietens jOOQ's server version check: against the MariaDB on
 * 127.0.0.1:3306, MySQL Connector/J reports a version that jOOQ's MARIADB dialect refuses,
 * while the server's real version is one it supports. When this fails, the driver reports the
 * real version, and the line in simplelogger.properties can go.
 */
class JooqVersionCheckIT {

    @Test
    void shouldSeeConnectorJReportMariaDbAsAVersionJooqRefusesThoughTheServersRealVersionIsSupported()
            throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/?user=root");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
            rs.next();
            String real = rs.getString(1); // e.g. 10.11.19-MariaDB-0+deb12u1
            String[] parts = real.split("[.-]");
            DatabaseMetaData meta = connection.getMetaData();
            String reported = meta.getDatabaseMajorVersion() + "." + meta.getDatabaseMinorVersion() + " ("
                    + meta.getDatabaseProductVersion() + ")";

            assertTrue(real.contains("MariaDB"), real);
            assertTrue(SQLDialect.MARIADB.supportsDatabaseVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    real), "jOOQ's MARIADB dialect should support the server's real version " + real);
            assertFalse(SQLDialect.MARIADB.supportsDatabaseVersion(meta.getDatabaseMajorVersion(),
                    meta.getDatabaseMinorVersion(), meta.getDatabaseProductVersion()),
                    "the driver now reports " + reported + ", which jOOQ accepts: drop the quietened logger");
        }
    }
}
