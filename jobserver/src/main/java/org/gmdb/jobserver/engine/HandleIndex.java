package org.gmdb.jobserver.engine;

import java.util.function.Consumer;

/**
 * Live jobs by handle number, in pages of consecutive numbers. Numbers are handed out in
 * order, so a new job lands next to the one before: a deep queue's inserts touch memory in
 * sequence, and a young GC scans a few dirty cards instead of cards all over one big hash
 * table. A lookup is two array reads. A page goes when its last job leaves, but for the
 * newest page, which new jobs are about to fill.
 *
 * <p>The pages between the oldest and the newest live job are kept in a ring, one slot per
 * page (null when empty): a job stuck for a long time costs a slot per {@link #PAGE} numbers
 * handed out since, not a page.
 */
final class HandleIndex {

    private static final int PAGE_BITS = 10;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int MIN_RING = 8;

    private Job[][] ring = new Job[MIN_RING][];
    private int[] counts = new int[MIN_RING];
    /** Ring slot of {@link #firstPage}. */
    private int head;
    /** Page number of the first slot of the window. */
    private long firstPage;
    /** Pages in the window, from {@link #firstPage}; 0 when empty. */
    private int span;
    private int size;

    int size() {
        return size;
    }

    /** Adds a job that is not in the index yet. */
    void add(Job job) {
        long page = job.number >>> PAGE_BITS;
        int slot = slotFor(page);
        Job[] jobs = ring[slot];
        if (jobs == null) {
            jobs = new Job[PAGE];
            ring[slot] = jobs;
        }
        jobs[(int) job.number & (PAGE - 1)] = job;
        counts[slot]++;
        size++;
    }

    /** Removes this very job if present; returns whether it was. */
    boolean remove(Job job) {
        int slot = slotOf(job.number >>> PAGE_BITS);
        if (slot < 0 || ring[slot] == null || ring[slot][(int) job.number & (PAGE - 1)] != job) {
            return false;
        }
        ring[slot][(int) job.number & (PAGE - 1)] = null;
        size--;
        if (--counts[slot] == 0 && slot != newestSlot()) {
            ring[slot] = null;
            trim();
        }
        return true;
    }

    Job find(long number) {
        int slot = slotOf(number >>> PAGE_BITS);
        Job[] jobs = slot < 0 ? null : ring[slot];
        return jobs == null ? null : jobs[(int) number & (PAGE - 1)];
    }

    /** Visits every job, oldest number first; the visitor must not change the index. */
    void forEach(Consumer<Job> visitor) {
        for (int i = 0; i < span; i++) {
            Job[] jobs = ring[(head + i) & (ring.length - 1)];
            if (jobs != null) {
                for (Job job : jobs) {
                    if (job != null) {
                        visitor.accept(job);
                    }
                }
            }
        }
    }

    /** The ring slot of a page in the window, or -1. */
    private int slotOf(long page) {
        long offset = page - firstPage;
        return offset < 0 || offset >= span ? -1 : (int) ((head + offset) & (ring.length - 1));
    }

    /** The ring slot of a page, widening the window to take it in. */
    private int slotFor(long page) {
        if (span == 0) {
            firstPage = page;
            span = 1;
            return head;
        }
        if (page < firstPage) {
            int grow = Math.toIntExact(firstPage - page);
            ensureRing(span + grow);
            head = (head - grow) & (ring.length - 1);
            firstPage = page;
            span += grow;
        } else if (page >= firstPage + span) {
            int newSpan = Math.toIntExact(page - firstPage + 1);
            ensureRing(newSpan);
            if (counts[newestSlot()] == 0) { // kept for the jobs that went elsewhere: not needed now
                ring[newestSlot()] = null;
            }
            span = newSpan;
            trim();
        }
        return slotOf(page);
    }

    private void ensureRing(int pages) {
        if (pages > ring.length) {
            resizeRing(Integer.highestOneBit(pages - 1) << 1);
        }
    }

    private int newestSlot() {
        return (head + span - 1) & (ring.length - 1);
    }

    /** Narrows the window to start at the oldest page that holds jobs, and gives back ring space. */
    private void trim() {
        while (span > 1 && ring[head] == null) {
            head = (head + 1) & (ring.length - 1);
            firstPage++;
            span--;
        }
        if (ring.length > MIN_RING && span * 4 < ring.length) {
            shrinkRing();
        }
    }

    private void shrinkRing() {
        resizeRing(Math.max(MIN_RING, Integer.highestOneBit(span - 1) << 1));
    }

    /** Moves the window to the start of a new ring of {@code capacity} slots (a power of two, at least the span). */
    private void resizeRing(int capacity) {
        Job[][] newRing = new Job[capacity][];
        int[] newCounts = new int[capacity];
        for (int i = 0; i < span; i++) {
            int from = (head + i) & (ring.length - 1);
            newRing[i] = ring[from];
            newCounts[i] = counts[from];
        }
        ring = newRing;
        counts = newCounts;
        head = 0;
    }
}
