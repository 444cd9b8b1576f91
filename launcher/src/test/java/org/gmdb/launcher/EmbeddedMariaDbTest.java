package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {

    @Test
    void shouldAcceptOnlyDatabaseNamesThatNeedNoEscaping() {
        assertDoesNotThrow(() -> EmbeddedMariaDb.requireDatabaseName("gmdb_s1_a"));
        for (String bad : new String[] {"", "a`b", "a b", "a-b", "x".repeat(65)}) {
            var e = assertThrows(IllegalArgumentException.class, () -> EmbeddedMariaDb.requireDatabaseName(bad));
            assertEquals("database name '" + bad + "' (expected: [A-Za-z0-9_]{1,64})", e.getMessage());
        }
    }

    @Test
    void shouldHashThePasswordAsMariadbsPasswordFunctionDoes() {
        // SELECT PASSWORD('secretpw') on MariaDB 10.11
        assertEquals("*7648E52EC79D4BB879B7B913F0B8BBF8DC4AB6CC", EmbeddedMariaDb.nativePasswordHash("secretpw"));
    }

    @Test
    void shouldPutOnlyThePasswordsHashIntoTheInitFile() {
        String sql = EmbeddedMariaDb.initSql("secretpw");
        assertFalse(sql.contains("secretpw"), sql);
        assertTrue(sql.contains("ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY PASSWORD '*7648E52EC79D4BB879B7B913F0B8BBF8DC4AB6CC';"),
                sql);
    }
}
