package org.gmdb.jobserver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressing unique index agrees with a HashMap under random adds and removes. */
class JobTableTest {

    private final FunctionQueue function = new FunctionQueue("f", new byte[] {'f'});

    private Job job(long n, String unique) {
        return new Job(n, function, unique.getBytes(StandardCharsets.ISO_8859_1), new byte[0], null, 1, true, 0, 0);
    }

    @Test
    void shouldFindExactlyWhatAHashMapFindsUnderRandomChurn() {
        UniqueIndex uniques = new UniqueIndex();
        Map<Long, Job> byNumber = new HashMap<>();
        Map<String, Job> byUnique = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            long n = random.nextInt(5_000) + 1;
            String u = "u" + n;
            Job present = byNumber.get(n);
            if (present == null) {
                Job j = job(n, u);
                uniques.add(j);
                byNumber.put(n, j);
                byUnique.put(u, j);
            } else if (random.nextBoolean()) {
                assertEquals(true, uniques.remove(present));
                byNumber.remove(n);
                byUnique.remove(u);
            }
            long probe = random.nextInt(5_000) + 1;
            assertSame(byUnique.get("u" + probe), uniques.find(("u" + probe).getBytes(StandardCharsets.ISO_8859_1)));
        }
        assertEquals(byNumber.size(), uniques.size());
        for (Job j : byNumber.values()) {
            uniques.remove(j);
        }
        assertEquals(0, uniques.size());
        assertNull(uniques.find(new byte[] {'u', '1'}));
        assertEquals(8, uniques.slots.length); // shrunk back
    }
}
