package org.gmdb.jobserver.engine;

/** Live jobs by handle number. */
final class HandleIndex extends JobTable {

    private static int hash(long number) {
        return (int) (number ^ (number >>> 32));
    }

    @Override
    protected int hashOf(Job job) {
        return hash(job.number);
    }

    Job find(long number) {
        int m = mask();
        int i = spread(hash(number)) & m;
        Job job;
        while ((job = slots[i]) != null) {
            if (job.number == number) {
                return job;
            }
            i = (i + 1) & m;
        }
        return null;
    }
}
