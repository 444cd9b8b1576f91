package org.gmdb.jobserver.engine;

import java.util.Arrays;

/** One function's live jobs by coalescing key (the unique, or the data for {@code -}). */
final class UniqueIndex extends JobTable {

    @Override
    protected int hashOf(Job job) {
        return job.keyHash;
    }

    Job find(byte[] key) {
        int hash = Arrays.hashCode(key);
        int m = mask();
        int i = spread(hash) & m;
        Job job;
        while ((job = slots[i]) != null) {
            if (job.keyHash == hash && Arrays.equals(job.key(), key)) {
                return job;
            }
            i = (i + 1) & m;
        }
        return null;
    }
}
