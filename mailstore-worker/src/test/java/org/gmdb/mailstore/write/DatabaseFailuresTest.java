package org.gmdb.mailstore.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.gmdb.mailstore.store.StoreException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void shouldTreatConnectionStatesAnywhereInTheChainAsAway() {
        assertTrue(DatabaseFailures.isDatabaseAway(new StoreException("applying 3 events failed",
                new RuntimeException(new SQLException("Communications link failure", "08S01")))));
        assertTrue(DatabaseFailures.isDatabaseAway(new SQLTransientConnectionException("pool - timed out", (String) null)));
        assertTrue(DatabaseFailures.isDatabaseAway(new StoreException("x", new SocketException("Connection reset"))));
    }

    @Test
    void shouldTreatAKilledConnectionAndDeadlocksAsAway() {
        assertTrue(DatabaseFailures.isDatabaseAway(new SQLException("Connection was killed", "70100", 1927)));
        assertTrue(DatabaseFailures.isDatabaseAway(new SQLException("Deadlock found", "40001", 1213)));
        assertTrue(DatabaseFailures.isDatabaseAway(new SQLException("Lock wait timeout", "HY000", 1205)));
    }

    @Test
    void shouldNotTreatBadInputAsAway() {
        assertFalse(DatabaseFailures.isDatabaseAway(new StoreException("size 70000000 (expected: <= 16777216)")));
        assertFalse(DatabaseFailures.isDatabaseAway(new StoreException("x",
                new SQLException("Data too long for column 'mailbox'", "22001", 1406))));
    }
}
