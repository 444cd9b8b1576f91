package org.gmdb.jobserver.engine;

import java.util.function.Consumer;

/**
 * An open-addressing hash set of jobs (linear probing, backward-shift deletion), so an
 * index costs one array slot per job instead of a map entry and a boxed key. It grows at
 * half full and shrinks when mostly empty, so a drained queue gives its memory back.
 * Subclasses say what a job hashes to and implement lookups by their own key type.
 */
abstract class JobTable {

    private static final int MIN_CAPACITY = 8;

    protected Job[] slots = new Job[MIN_CAPACITY];
    private int size;

    /** The hash of the job's key; must agree with the lookups of the subclass. */
    protected abstract int hashOf(Job job);

    protected static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    protected final int mask() {
        return slots.length - 1;
    }

    final int size() {
        return size;
    }

    /** Adds a job that is not in the table yet. */
    final void add(Job job) {
        if ((size + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        insert(slots, job);
        size++;
    }

    private void insert(Job[] table, Job job) {
        int m = table.length - 1;
        int i = spread(hashOf(job)) & m;
        while (table[i] != null) {
            i = (i + 1) & m;
        }
        table[i] = job;
    }

    /** Removes this very job if present; returns whether it was. */
    final boolean remove(Job job) {
        int m = mask();
        int i = spread(hashOf(job)) & m;
        while (slots[i] != job) {
            if (slots[i] == null) {
                return false;
            }
            i = (i + 1) & m;
        }
        // Shift later members of the probe run back so that lookups never stop at a hole.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & m;
            Job candidate = slots[j];
            if (candidate == null) {
                break;
            }
            int home = spread(hashOf(candidate)) & m;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = candidate;
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
        if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
            rehash(slots.length / 2);
        }
        return true;
    }

    private void rehash(int capacity) {
        Job[] fresh = new Job[Math.max(MIN_CAPACITY, capacity)];
        for (Job job : slots) {
            if (job != null) {
                insert(fresh, job);
            }
        }
        slots = fresh;
    }

    /** Visits every job, in no particular order; the visitor must not change the table. */
    final void forEach(Consumer<Job> visitor) {
        for (Job job : slots) {
            if (job != null) {
                visitor.accept(job);
            }
        }
    }
}
