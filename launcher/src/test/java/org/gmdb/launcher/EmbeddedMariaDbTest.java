package org.gmdb.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
