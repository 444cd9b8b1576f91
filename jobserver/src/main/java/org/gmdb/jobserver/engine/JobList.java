package org.gmdb.jobserver.engine;

/**
 * A FIFO of jobs linked through their own {@code prev}/{@code next} fields: append, take
 * and remove from the middle are O(1) and cost no node objects. A job is in at most one list.
 */
final class JobList {

    private Job head;
    private Job tail;
    private int size;

    void append(Job job) {
        job.prev = tail;
        job.next = null;
        if (tail == null) {
            head = job;
        } else {
            tail.next = job;
        }
        tail = job;
        size++;
    }

    Job peek() {
        return head;
    }

    void remove(Job job) {
        if (job.prev == null) {
            head = job.next;
        } else {
            job.prev.next = job.next;
        }
        if (job.next == null) {
            tail = job.prev;
        } else {
            job.next.prev = job.prev;
        }
        job.prev = null;
        job.next = null;
        size--;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return head == null;
    }

    /** Visits jobs oldest first; the visitor must not change the list. */
    void forEach(java.util.function.Consumer<Job> visitor) {
        for (Job j = head; j != null; j = j.next) {
            visitor.accept(j);
        }
    }
}
