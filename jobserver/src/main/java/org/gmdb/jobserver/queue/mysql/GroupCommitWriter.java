package org.gmdb.jobserver.queue.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gmdb.jobserver.queue.StoredJob;
import org.gmdb.schema.queue.tables.GearmanQueue;
import org.gmdb.schema.queue.tables.records.GearmanQueueRecord;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep6;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that writes the persistent queue: group commit.
 *
 * <p>Callers enqueue inserts and deletes and get a future. The thread takes whatever has
 * piled up (up to {@value #MAX_WRITES_PER_TRANSACTION} writes), writes it in ONE transaction
 * (multi-row INSERTs cut by {@code maxStatementBytes}, one DELETE ... IN), commits, then
 * completes the futures. While one transaction commits the next batch accumulates, so one
 * fsync serves more jobs as the load grows; an idle queue writes a single job at once, with
 * no added delay. A batch that needs a single statement runs in autocommit mode (one round
 * trip); others are wrapped in START TRANSACTION ... COMMIT.
 *
 * <p>Ordering: a delete names a row id, and the only ids a caller knows come from a
 * completed insert (already committed) or from replay, so a delete can never reach the
 * database before its insert. Inserts of one batch get their ids in submission order.
 *
 * <p>Failures: when the connection is lost (SQLSTATE 08, pool timeout) the whole batch, and
 * everything queued behind it, fails at once; the next write tries again and HikariCP
 * reconnects. Any other failure of a batch
 * of several writes is retried one write per transaction, so one bad job fails alone.
 *
 * <p>Caveats: futures complete on this thread; a dependent stage that blocks stalls the queue.
 * Pending writes are not bounded here: a slow database grows them in memory ({@link #backlog()}
 * shows how far), the engine holds those jobs in memory anyway.
 */
final class GroupCommitWriter implements AutoCloseable {

    static final int MAX_WRITES_PER_TRANSACTION = 2000;
    static final int MAX_ROWS_PER_INSERT = 500;
    /** Bytes a row costs in the statement beyond its escaped values (SQL text, other columns). */
    static final int ROW_OVERHEAD_BYTES = 128;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    private final DSLContext dsl;
    private final GearmanQueue table;
    private final long maxStatementBytes;
    private final String where;
    private final BlockingQueue<Write> pending = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final Thread thread;
    private boolean closed;

    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rowsInserted = new AtomicLong();
    private final AtomicLong rowsDeleted = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();

    private sealed interface Write permits Insert, Delete, Stop {
        void fail(Throwable failure);
    }

    private record Insert(StoredJob job, long statementBytes, CompletableFuture<Long> done)
            implements Write {
        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }
    }

    private record Delete(long rowId, CompletableFuture<Void> done) implements Write {
        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }
    }

    private enum Stop implements Write {
        STOP;

        @Override
        public void fail(Throwable failure) {
        }
    }

    /**
     * @param maxStatementBytes upper bound of one INSERT statement's size, below the server's
     *                          max_allowed_packet
     * @param where             the database, for messages (no password)
     */
    GroupCommitWriter(DSLContext dsl, GearmanQueue table, long maxStatementBytes, String where) {
        this.dsl = dsl;
        this.table = table;
        this.maxStatementBytes = maxStatementBytes;
        this.where = where;
        this.thread = new Thread(this::run, "gmdb-queue-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Worst-case size of the job's row in an INSERT: binary values may double when escaped. */
    static long statementBytes(StoredJob job) {
        long values = (long) job.function().length + job.unique().length + job.data().length
                + (job.reducer() == null ? 0 : job.reducer().length);
        return 2 * values + ROW_OVERHEAD_BYTES;
    }

    long maxStatementBytes() {
        return maxStatementBytes;
    }

    CompletableFuture<Long> insert(StoredJob job) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        enqueue(new Insert(job, statementBytes(job), done));
        return done;
    }

    CompletableFuture<Void> delete(long rowId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Delete(rowId, done));
        return done;
    }

    /** Committed transactions so far (each one holds one or more writes). */
    long transactions() {
        return transactions.get();
    }

    long rowsInserted() {
        return rowsInserted.get();
    }

    long rowsDeleted() {
        return rowsDeleted.get();
    }

    long failedWrites() {
        return failedWrites.get();
    }

    /** Writes waiting for the writer thread. */
    int backlog() {
        return pending.size();
    }

    private void enqueue(Write write) {
        synchronized (lifecycle) {
            if (!closed) {
                pending.add(write);
                return;
            }
        }
        write.fail(new IllegalStateException("persistent queue " + where + " is closed"));
    }

    /** Writes everything enqueued so far, then stops the thread. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            pending.add(Stop.STOP);
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        // Only if the thread gave up (timeout, interrupt): nobody waits forever.
        List<Write> left = new ArrayList<>();
        pending.drainTo(left);
        IllegalStateException notWritten = new IllegalStateException("persistent queue " + where
                + " closed before " + left.size() + " writes were done");
        left.forEach(w -> w.fail(notWritten));
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, MAX_WRITES_PER_TRANSACTION - 1);
            // STOP is always last: enqueue() refuses writes once closed.
            if (batch.get(batch.size() - 1) == Stop.STOP) {
                batch.remove(batch.size() - 1);
                stop = true;
            }
            if (batch.isEmpty()) {
                continue;
            }
            RuntimeException lost = writeSafely(batch);
            if (lost != null) {
                // Everything queued meanwhile would wait a connect timeout per batch only to
                // fail the same way: fail it now, and let the next write probe the database.
                List<Write> backlog = new ArrayList<>();
                pending.drainTo(backlog);
                if (!backlog.isEmpty() && backlog.get(backlog.size() - 1) == Stop.STOP) {
                    backlog.remove(backlog.size() - 1);
                    stop = true;
                }
                fail(backlog, lost, true);
            }
        }
    }

    /** Returns the connection failure when the database was unreachable, else null. */
    private RuntimeException writeSafely(List<Write> batch) {
        try {
            return writeBatch(batch);
        } catch (Throwable unexpected) {
            // Never let the thread die: it is the only writer.
            LOG.error("persistent queue writer failed unexpectedly on {} writes", batch.size(),
                    unexpected);
            fail(batch, unexpected, false);
            return null;
        }
    }

    /** Returns the connection failure when the database was unreachable, else null. */
    private RuntimeException writeBatch(List<Write> batch) {
        List<Insert> inserts = new ArrayList<>();
        List<Delete> deletes = new ArrayList<>();
        for (Write w : batch) {
            if (w instanceof Insert i) {
                inserts.add(i);
            } else if (w instanceof Delete d) {
                deletes.add(d);
            }
        }
        List<List<Insert>> statements = insertStatements(inserts);
        long[] ids;
        try {
            ids = dsl.connectionResult(connection -> write(DSL.using(connection, SQLDialect.MARIADB),
                    statements, inserts.size(), deletes));
        } catch (RuntimeException e) {
            boolean unreachable = SqlFailures.connectionLost(e);
            if (unreachable || batch.size() == 1) {
                fail(batch, e, unreachable);
                return unreachable ? e : null;
            }
            LOG.warn("persistent queue batch of {} writes failed (SQLSTATE {}), "
                    + "retrying them one by one", batch.size(), SqlFailures.sqlState(e), e);
            for (int i = 0; i < batch.size(); i++) {
                RuntimeException lost = writeBatch(List.of(batch.get(i)));
                if (lost != null) {
                    // Lost the database meanwhile: do not wait a connect timeout per write.
                    fail(batch.subList(i + 1, batch.size()), lost, true);
                    return lost;
                }
            }
            return null;
        }
        transactions.incrementAndGet();
        rowsInserted.addAndGet(inserts.size());
        rowsDeleted.addAndGet(deletes.size());
        for (int i = 0; i < inserts.size(); i++) {
            inserts.get(i).done().complete(ids[i]);
        }
        for (Delete d : deletes) {
            d.done().complete(null);
        }
        return null;
    }

    /**
     * One transaction: the INSERTs and the DELETE. A batch that needs one statement runs it
     * in autocommit mode (InnoDB commits it alone, one round trip); more statements are
     * wrapped in START TRANSACTION ... COMMIT.
     */
    private long[] write(DSLContext connection, List<List<Insert>> statements, int insertCount,
                         List<Delete> deletes) {
        long[] ids = new long[insertCount];
        boolean single = statements.size() + (deletes.isEmpty() ? 0 : 1) == 1;
        if (single) {
            runStatements(connection, statements, ids, deletes);
            return ids;
        }
        connection.startTransaction().execute();
        try {
            runStatements(connection, statements, ids, deletes);
            connection.commit().execute();
        } catch (RuntimeException e) {
            try {
                connection.rollback().execute();
            } catch (RuntimeException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        return ids;
    }

    private void runStatements(DSLContext connection, List<List<Insert>> statements, long[] ids,
                               List<Delete> deletes) {
        int offset = 0;
        for (List<Insert> rows : statements) {
            insertRows(connection, rows, ids, offset);
            offset += rows.size();
        }
        deleteAll(connection, deletes);
    }

    /** Cuts the inserts into multi-row INSERTs below the statement size and row limits. */
    private List<List<Insert>> insertStatements(List<Insert> inserts) {
        List<List<Insert>> statements = new ArrayList<>();
        int from = 0;
        while (from < inserts.size()) {
            int to = from;
            long bytes = 0;
            // Cut before the row that would overflow; a single row always goes (store()
            // refused rows that can never fit).
            while (to < inserts.size() && to - from < MAX_ROWS_PER_INSERT
                    && (to == from || bytes + inserts.get(to).statementBytes() <= maxStatementBytes)) {
                bytes += inserts.get(to).statementBytes();
                to++;
            }
            statements.add(inserts.subList(from, to));
            from = to;
        }
        return statements;
    }

    private void insertRows(DSLContext tx, List<Insert> rows, long[] ids, int offset) {
        InsertValuesStep6<GearmanQueueRecord, byte[], byte[], Byte, byte[], Long, byte[]> insert =
                tx.insertInto(table, table.UNIQUE_KEY, table.FUNCTION_NAME, table.PRIORITY,
                        table.DATA, table.WHEN_TO_RUN, table.REDUCER);
        for (Insert row : rows) {
            StoredJob job = row.job();
            insert = insert.values(job.unique(), job.function(), (byte) job.priority(), job.data(),
                    job.whenToRun(), job.reducer());
        }
        // MariaDB answers INSERT ... RETURNING with the rows in insertion order, exact under
        // any innodb_autoinc_lock_mode. jOOQ would run it with executeQuery(), which
        // Connector/J refuses for an INSERT; as a plain result query it goes through execute().
        Result<Record> generated = tx.resultQuery("{0}", insert.returningResult(table.ID)).fetch();
        if (generated.size() != rows.size()) {
            throw new IllegalStateException("inserted " + rows.size() + " rows into " + where
                    + " but got " + generated.size() + " ids back");
        }
        for (int i = 0; i < rows.size(); i++) {
            ids[offset + i] = generated.get(i).get(0, Long.class);
        }
    }

    private void deleteAll(DSLContext tx, List<Delete> deletes) {
        if (deletes.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(deletes.size());
        for (Delete d : deletes) {
            ids.add(d.rowId());
        }
        tx.deleteFrom(table).where(table.ID.in(ids)).execute();
    }

    private void fail(List<Write> batch, Throwable cause, boolean unreachable) {
        if (batch.isEmpty()) {
            return;
        }
        failedWrites.addAndGet(batch.size());
        String message = unreachable
                ? "persistent queue database " + where + " is unreachable (SQLSTATE "
                        + SqlFailures.sqlState(cause) + "); " + batch.size()
                        + " writes failed: " + cause.getMessage()
                : "persistent queue write to " + where + " failed (SQLSTATE "
                        + SqlFailures.sqlState(cause) + "): " + cause.getMessage();
        PersistentQueueException failure = new PersistentQueueException(message, unreachable, cause);
        if (!unreachable) {
            LOG.warn("{}", message);
        }
        for (Write w : batch) {
            w.fail(failure);
        }
    }
}
