package org.gmdb.mail.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FunctionNamesTest {

    @Test
    void shouldNameShardAndReplicaFunctions() {
        assertEquals("mail1", FunctionNames.shard(1));
        assertEquals("mail12", FunctionNames.shard(12));
        assertEquals("mail2@b", FunctionNames.replica(2, "b"));
        assertEquals("mail3@eu-west_1", FunctionNames.replica(3, "eu-west_1"));
    }

    @Test
    void shouldParseWhatItNames() {
        var shard = FunctionNames.parse("mail7");
        assertEquals(7, shard.shard());
        assertNull(shard.replica());
        assertFalse(shard.isReplica());
        var replica = FunctionNames.parse(FunctionNames.replica(2, "a"));
        assertEquals(new FunctionNames.Parsed(2, "a"), replica);
        assertTrue(replica.isReplica());
    }

    @Test
    void shouldRejectNamesOutsideTheContract() {
        for (String bad : new String[] {"mail0", "mail", "mail1@", "mail1@a b", "mail01", "Mail1", "mail1@a@b", "reverse"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> FunctionNames.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FunctionNames.shard(0));
        assertThrows(IllegalArgumentException.class, () -> FunctionNames.replica(1, "a@b"));
        assertThrows(IllegalArgumentException.class, () -> FunctionNames.replica(1, ""));
    }
}
