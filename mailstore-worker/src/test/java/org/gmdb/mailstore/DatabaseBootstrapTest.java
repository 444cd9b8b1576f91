package org.gmdb.mailstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseBootstrapTest {

    @Test
    void shouldSplitTheServerFromTheDatabaseKeepingTheOptions() {
        DatabaseBootstrap.JdbcTarget t = DatabaseBootstrap.parse("jdbc:mysql://127.0.0.1:3306/gmdb_s1_a?user=root&password=x");
        assertEquals("jdbc:mysql://127.0.0.1:3306/?user=root&password=x", t.serverUrl());
        assertEquals("gmdb_s1_a", t.database());
        assertEquals("jdbc:mariadb://db1/", DatabaseBootstrap.parse("jdbc:mariadb://db1/mail").serverUrl());
    }

    @Test
    void shouldRefuseUrlsItCannotCreateADatabaseFor() {
        IllegalArgumentException noDb = assertThrows(IllegalArgumentException.class,
                () -> DatabaseBootstrap.parse("jdbc:mysql://127.0.0.1:3306/?user=root"));
        assertTrue(noDb.getMessage().contains("database name ''"), noDb.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatabaseBootstrap.parse("jdbc:postgresql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseBootstrap.parse("jdbc:mysql://h/db`; DROP"));
    }
}
