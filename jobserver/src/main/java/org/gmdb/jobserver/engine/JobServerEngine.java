package org.gmdb.jobserver.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.jobserver.metrics.ServerMetrics;
import org.gmdb.jobserver.queue.PersistentQueue;
import org.gmdb.jobserver.queue.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job server's state and rules: functions and their queues, jobs, workers and listeners,
 * wake-ups, retries, timeouts, scheduled jobs and persistence, as gearmand 1.1 behaves except
 * where {@code gearman-protocol.md} section 7 says to do better.
 *
 * <p>Single-threaded: one caller at a time. Every method, and every task given to the
 * scheduler and the executor, runs under the caller's engine lock (or on one thread, in
 * tests). Nothing here knows about sockets; a connection is a {@link Session} writing to a
 * {@link Peer}.
 *
 * <p>Priority is global across a worker's functions: a GRAB takes HIGH of any registered
 * function first, then NORMAL, then LOW, and within a level the worker's registrations in
 * the order they were made.
 */
public final class JobServerEngine {

    private static final Logger LOG = LoggerFactory.getLogger(JobServerEngine.class);

    /** One submission waiting for the persistent write of the job it created or joined. */
    private record Waiter(Session session, Session.PendingReply slot) {
    }

    private record Deadline(long atMillis, Job job, int assignment) {
    }

    private final EngineSettings settings;
    private final Handles handles;
    private final EngineClock clock;
    private final EngineScheduler scheduler;
    private final Executor engineExecutor;
    private final PersistentQueue queue;
    private final ServerMetrics metrics;
    /** Null when GRABs are answered at once. */
    private final Deadlines<Session> grabWaits;
    /** While the queue's database is away every submission fails: a line per interval, not a stack trace each. */
    private final QueueFailureLog refusedLog;
    private final QueueFailureLog deleteFailedLog;

    private final Map<String, FunctionQueue> functions = new LinkedHashMap<>();
    /** The function looked up last: a stream of submissions for one function finds it without making a String. */
    private FunctionQueue lastFunction;
    private final HandleIndex jobs = new HandleIndex();
    private final LinkedHashSet<Session> sessions = new LinkedHashSet<>();
    private final Map<Job, List<Waiter>> pendingStores = new IdentityHashMap<>();
    private final PriorityQueue<Job> scheduled = new PriorityQueue<>(
            Comparator.comparingLong((Job j) -> j.whenToRun).thenComparingLong(j -> j.number));
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>(Comparator.comparingLong(Deadline::atMillis));

    private long nextNumber = 1;
    private int nextSessionId = 1;
    private EngineScheduler.Cancellable timer;
    private long timerAt = Long.MAX_VALUE;
    private Runnable onIdle;

    /**
     * @param engineExecutor runs tasks under the engine lock: persistent-queue completions come back through it
     * @param queue          where background jobs are stored, or null to keep them in memory only
     */
    public JobServerEngine(EngineSettings settings, EngineClock clock, EngineScheduler scheduler,
                           Executor engineExecutor, PersistentQueue queue, ServerMetrics metrics) {
        this.settings = settings;
        this.handles = new Handles(settings.handlePrefix());
        this.clock = clock;
        this.scheduler = scheduler;
        this.engineExecutor = engineExecutor;
        this.queue = queue;
        this.metrics = metrics == null ? ServerMetrics.NONE : metrics;
        this.grabWaits = settings.grabWaitMicros() == 0 ? null
                : new Deadlines<>(TimeUnit.MICROSECONDS.toNanos(settings.grabWaitMicros()), clock, scheduler,
                        (session, deadline) -> session.waitingGrab != null && session.grabDeadlineNanos == deadline,
                        this::answerWaitingGrab);
        this.refusedLog = new QueueFailureLog(clock, LOG::warn);
        this.deleteFailedLog = new QueueFailureLog(clock, LOG::warn);
    }

    public EngineSettings settings() {
        return settings;
    }

    public Handles handles() {
        return handles;
    }

    /** The engine clock's wall time, for callers that turn schedules into due times. */
    public long nowMillis() {
        return clock.millis();
    }

    // ---------------------------------------------------------------- connections

    public Session connect(Peer peer, String address) {
        Session session = new Session(nextSessionId++, address, peer, settings.exceptions());
        sessions.add(session);
        metrics.connectionOpened();
        return session;
    }

    /**
     * The connection is gone: its registrations go, the jobs it ran are requeued (or failed at
     * the retry limit), and foreground jobs nobody listens to any more are dropped.
     */
    public void disconnect(Session session) {
        if (session.closed) {
            return;
        }
        session.closed = true;
        sessions.remove(session);
        stopWaiting(session);
        removeRegistrations(session, null);
        for (Job job : new ArrayList<>(session.runningJobs)) {
            requeueFromWorker(job);
        }
        for (Job job : session.listening) {
            if (job.state != Job.State.FINISHED && job.isListener(session)) {
                job.removeListener(session);
                if (!job.hasListeners() && !job.background) {
                    abandon(job);
                }
            }
        }
        session.listening.clear();
        metrics.connectionClosed();
    }

    // ---------------------------------------------------------------- worker requests

    public void canDo(Session session, byte[] name, long timeoutMillis) {
        if (name.length > settings.maxFunctionName()) {
            session.send(Replies.invalidArguments("function name of " + name.length + " bytes (expected: <= "
                    + settings.maxFunctionName() + ")"));
            return;
        }
        FunctionQueue function = function(name);
        session.abilities.add(new Session.Registration(function, timeoutMillis));
        function.workers.add(session);
        if (session.wakeable()) {
            function.wakeable++;
        }
    }

    public void cantDo(Session session, byte[] name) {
        FunctionQueue function = functions.get(text(name));
        if (function != null) {
            removeRegistrations(session, function);
        }
    }

    public void resetAbilities(Session session) {
        removeRegistrations(session, null);
    }

    /** Removes the session's registrations of one function, or of all when null; requeues what it ran for them. */
    private void removeRegistrations(Session session, FunctionQueue only) {
        boolean wakeable = session.wakeable();
        session.abilities.removeIf(r -> {
            if (only != null && r.function() != only) {
                return false;
            }
            r.function().workers.remove(session);
            if (wakeable) {
                r.function().wakeable--;
            }
            return true;
        });
        if (session.closed) {
            return; // the caller requeues every job of a closed session
        }
        for (Job job : new ArrayList<>(session.runningJobs)) {
            if (only == null || job.function == only) {
                requeueFromWorker(job);
            }
        }
    }

    public void setClientId(Session session, byte[] id) {
        session.clientId = id.length > GearmanConstants.MAX_CLIENT_ID_LENGTH
                ? Arrays.copyOf(id, GearmanConstants.MAX_CLIENT_ID_LENGTH) : id;
    }

    public void preSleep(Session session) {
        for (Session.Registration r : session.abilities) {
            if (r.function().hasRunnable()) {
                session.send(Replies.NOOP);
                setWakeState(session, true, true);
                return;
            }
        }
        // A NOOP that went out earlier but found nothing to grab must not silence this sleep.
        setWakeState(session, true, false);
    }

    /** GRAB_JOB, GRAB_JOB_UNIQ or GRAB_JOB_ALL: the highest level first, across all the worker's functions. */
    public void grab(Session session, PacketType kind) {
        setWakeState(session, false, false);
        Job job = null;
        Session.Registration used = null;
        levels:
        for (int level = 0; level < 3; level++) {
            for (Session.Registration r : session.abilities) {
                Job head = r.function().levels[level].peek();
                if (head != null) {
                    job = head;
                    used = r;
                    break levels;
                }
            }
        }
        if (job == null) {
            if (grabWaits != null && !session.abilities.isEmpty()) {
                startWaiting(session, kind);
            } else {
                session.send(Replies.NO_JOB);
            }
            return;
        }
        if (settings.roundRobin() && session.abilities.size() > 1) {
            session.abilities.remove(used);
            session.abilities.add(used);
        }
        FunctionQueue function = job.function;
        function.levels[job.priority].remove(job);
        job.state = Job.State.RUNNING;
        job.worker = session;
        job.assignment++;
        session.runningJobs.add(job);
        function.running++;
        if (used.timeoutMillis() > 0) {
            deadlines.add(new Deadline(clock.millis() + used.timeoutMillis(), job, job.assignment));
            armTimer();
        }
        byte[] handle = handles.bytes(job.number);
        Packet assign;
        if (kind == PacketType.GRAB_JOB) {
            assign = Replies.of(PacketType.JOB_ASSIGN, handle, function.nameBytes(), job.data);
        } else if (kind == PacketType.GRAB_JOB_ALL && job.reducer != null) {
            assign = Replies.of(PacketType.JOB_ASSIGN_ALL, handle, function.nameBytes(), job.unique, job.reducer, job.data);
        } else {
            assign = Replies.of(PacketType.JOB_ASSIGN_UNIQ, handle, function.nameBytes(), job.unique, job.data);
        }
        session.send(assign);
    }

    /**
     * WORK_DATA, WORK_WARNING, WORK_STATUS, WORK_COMPLETE, WORK_FAIL or WORK_EXCEPTION from a
     * worker: acts only on a job assigned to this very session, forwards it to every listener.
     */
    public void workUpdate(Session session, Packet packet) {
        PacketType type = packet.type();
        byte[] handle = packet.field(0);
        Job job = find(handle);
        if (job == null || job.state != Job.State.RUNNING || job.worker != session) {
            session.send(switch (type) {
                case WORK_DATA, WORK_WARNING -> Replies.JOB_DOES_NOT_EXIST;
                case WORK_EXCEPTION -> Replies.EXCEPTION_JOB_NOT_FOUND;
                case WORK_FAIL -> handle.length > GearmanConstants.MAX_HANDLE_LENGTH
                        ? Replies.HANDLE_TOO_LARGE : Replies.RESULT_JOB_NOT_FOUND;
                default -> Replies.RESULT_JOB_NOT_FOUND;
            });
            return;
        }
        switch (type) {
            case WORK_DATA, WORK_WARNING -> forward(job, packet);
            case WORK_STATUS -> {
                job.statusNumerator = CNumbers.unsigned32(packet.field(1));
                job.statusDenominator = CNumbers.unsigned32(packet.field(2));
                forward(job, packet);
            }
            case WORK_COMPLETE -> {
                forward(job, packet);
                if (!job.ignored) { // a cancelled job was counted as failed already
                    metrics.jobCompleted(job.function.name(), clock.nanos() - job.createdNanos);
                }
                finish(job);
            }
            case WORK_FAIL -> {
                forward(job, packet);
                if (!job.ignored) {
                    metrics.jobFailed(job.function.name(), clock.nanos() - job.createdNanos);
                }
                finish(job);
            }
            case WORK_EXCEPTION -> {
                if (job.hasListeners()) {
                    Packet exception = Replies.asResponse(packet);
                    Packet fail = Replies.of(PacketType.WORK_FAIL, handle);
                    for (Session listener : job.listenersSnapshot()) {
                        listener.send(listener.exceptions ? exception : fail);
                    }
                }
                if (!job.ignored) {
                    metrics.jobFailed(job.function.name(), clock.nanos() - job.createdNanos);
                }
                finish(job);
            }
            default -> throw new IllegalArgumentException(type + " is not a work update");
        }
    }

    private void forward(Job job, Packet packet) {
        if (!job.hasListeners()) {
            return;
        }
        Packet out = Replies.asResponse(packet);
        for (Session listener : job.listenersSnapshot()) {
            listener.send(out);
        }
    }

    // ---------------------------------------------------------------- client requests

    /**
     * A submission of any kind. Coalesces on (function, unique) (the data for unique {@code -}),
     * checks maxqueue, stores background jobs before JOB_CREATED when persistence is on.
     *
     * @param whenToRun unix seconds, 0 for now
     * @param reducer   a reduce job's reducer, else null
     */
    public void submit(Session session, byte[] name, byte[] unique, byte[] data, int priority, boolean background,
                       long whenToRun, byte[] reducer) {
        if (unique.length > GearmanConstants.MAX_UNIQUE_LENGTH) {
            session.send(Replies.UNIQUE_TOO_LARGE);
            return;
        }
        if (name.length > settings.maxFunctionName()) {
            session.send(Replies.invalidArguments("function name of " + name.length + " bytes (expected: <= "
                    + settings.maxFunctionName() + ")"));
            return;
        }
        FunctionQueue function = function(name);
        byte[] key = Job.coalescingKey(unique, data);
        if (key.length > 0) {
            Job existing = function.index.find(key);
            if (existing != null) {
                attach(session, existing, background);
                return;
            }
        }
        int limit = function.maxQueue[priority];
        if (limit > 0 && function.total >= limit) {
            session.send(Replies.QUEUE_FULL);
            return;
        }
        Job job = new Job(nextNumber++, function, unique, data, reducer, priority, background, whenToRun, clock.nanos());
        jobs.add(job);
        function.total++;
        if (key.length > 0) {
            function.index.add(job);
        }
        metrics.jobSubmitted(function.name(), background);
        if (!background) {
            job.addListener(session);
            session.listen(job);
        }
        if (background && queue != null) {
            job.state = Job.State.PENDING_STORE;
            List<Waiter> waiters = new ArrayList<>(1);
            waiters.add(new Waiter(session, session.hold()));
            pendingStores.put(job, waiters);
            StoredJob row = new StoredJob(0, name, unique, priority, data, whenToRun, reducer);
            try {
                queue.store(row).whenComplete((id, error) -> engineExecutor.execute(() -> stored(job, id, error)));
            } catch (RuntimeException e) {
                stored(job, null, e);
            }
            return;
        }
        enqueue(job);
        if (background) {
            session.send(jobCreated(job));
        } else {
            // the client waits for the result anyway: a quick one takes the handle along in one write
            session.sendDeferred(jobCreated(job));
        }
    }

    private void attach(Session session, Job job, boolean background) {
        if (!background) {
            job.addListener(session);
            session.listen(job);
        }
        if (job.state == Job.State.PENDING_STORE) {
            pendingStores.get(job).add(new Waiter(session, session.hold()));
        } else {
            session.send(jobCreated(job));
        }
    }

    /** The persistent write of a new background job finished (back under the engine lock). */
    private void stored(Job job, Long rowId, Throwable error) {
        List<Waiter> waiters = pendingStores.remove(job);
        if (waiters == null) {
            return;
        }
        if (error != null || rowId == null) {
            refusedLog.failed("Persistent queue refused " + handles.text(job.number) + " job of function "
                    + job.function.name() + "; the client gets QUEUE_ERROR", error);
            job.clearListeners();
            job.state = Job.State.FINISHED;
            jobs.remove(job);
            job.function.index.remove(job);
            job.function.total--;
            for (Waiter w : waiters) {
                w.session().fill(w.slot(), Replies.QUEUE_WRITE_FAILED);
            }
            checkIdle();
            return;
        }
        job.rowId = rowId;
        enqueue(job);
        HandleReply created = jobCreated(job);
        for (Waiter w : waiters) {
            w.session().fill(w.slot(), created);
        }
    }

    private HandleReply jobCreated(Job job) {
        return new HandleReply(PacketType.JOB_CREATED, handles, job.number);
    }

    public void getStatus(Session session, byte[] handle) {
        Job job = find(handle);
        if (job == null || job.state == Job.State.PENDING_STORE) {
            session.send(Replies.unknownStatus(handle));
            return;
        }
        session.send(Replies.of(PacketType.STATUS_RES, handle, Replies.flag(true),
                Replies.flag(job.state == Job.State.RUNNING), Replies.unsigned(job.statusNumerator),
                Replies.unsigned(job.statusDenominator)));
    }

    /** Searches every function for a live job with this unique, as gearmand does. */
    public void getStatusUnique(Session session, byte[] unique) {
        Job job = null;
        if (unique.length > 0 && unique.length <= GearmanConstants.MAX_UNIQUE_LENGTH) {
            for (FunctionQueue function : functions.values()) {
                job = function.index.find(unique);
                if (job != null && job.state != Job.State.PENDING_STORE) {
                    break;
                }
                job = null;
            }
        }
        if (job == null) {
            session.send(Replies.unknownUniqueStatus(unique));
            return;
        }
        session.send(Replies.of(PacketType.STATUS_RES_UNIQUE, unique, Replies.flag(true),
                Replies.flag(job.state == Job.State.RUNNING), Replies.unsigned(job.statusNumerator),
                Replies.unsigned(job.statusDenominator), Replies.bytes(Integer.toString(job.listenerCount()))));
    }

    public void option(Session session, byte[] name) {
        if (name.length <= GearmanConstants.MAX_OPTION_LENGTH && "exceptions".equalsIgnoreCase(text(name))) {
            session.exceptions = true;
            session.send(Replies.of(PacketType.OPTION_RES, name));
        } else {
            session.send(Replies.UNKNOWN_OPTION);
        }
    }

    // ---------------------------------------------------------------- job movement

    private void enqueue(Job job) {
        if (job.whenToRun > 0 && job.whenToRun * 1000 > clock.millis()) {
            job.state = Job.State.SCHEDULED;
            job.function.scheduled++;
            scheduled.add(job);
            armTimer();
            return;
        }
        job.state = Job.State.QUEUED;
        job.function.levels[job.priority].append(job);
        jobArrived(job.function);
    }

    /** A running job lost its worker (disconnect, CANT_DO, timeout): back to the tail, or failed at the limit. */
    private void requeueFromWorker(Job job) {
        Session worker = job.worker;
        worker.runningJobs.remove(job);
        job.worker = null;
        job.function.running--;
        if (job.ignored || (!job.background && !job.hasListeners())) {
            finish(job);
            return;
        }
        job.retries++;
        if (settings.jobRetries() > 0 && job.retries >= settings.jobRetries()) {
            failListeners(job);
            metrics.jobFailed(job.function.name(), clock.nanos() - job.createdNanos);
            finish(job);
            return;
        }
        job.statusNumerator = 0;
        job.statusDenominator = 0;
        metrics.jobRetried(job.function.name());
        job.state = Job.State.QUEUED;
        job.function.levels[job.priority].append(job);
        jobArrived(job.function);
    }

    /** The last foreground listener left: a queued job goes now, a running one finishes unheard. */
    private void abandon(Job job) {
        if (job.state == Job.State.RUNNING) {
            ignore(job);
        } else {
            finish(job);
        }
    }

    /** Results of this job are thrown away from now on, and its unique is free for a new job. */
    private void ignore(Job job) {
        job.ignored = true;
        job.function.index.remove(job);
    }

    private void failListeners(Job job) {
        if (job.hasListeners()) {
            Packet fail = Replies.of(PacketType.WORK_FAIL, handles.bytes(job.number));
            for (Session listener : job.listenersSnapshot()) {
                listener.send(fail);
            }
            job.clearListeners();
        }
    }

    /** Takes the job out of every structure, deletes its row; the job is gone. */
    private void finish(Job job) {
        FunctionQueue function = job.function;
        switch (job.state) {
            case QUEUED -> function.levels[job.priority].remove(job);
            case RUNNING -> {
                if (job.worker != null) {
                    job.worker.runningJobs.remove(job);
                    function.running--;
                }
            }
            case SCHEDULED -> {
                scheduled.remove(job);
                function.scheduled--;
            }
            default -> {
            }
        }
        job.state = Job.State.FINISHED;
        job.worker = null;
        job.clearListeners();
        function.total--;
        jobs.remove(job);
        function.index.remove(job);
        deleteRow(job);
        checkIdle();
    }

    private void deleteRow(Job job) {
        if (job.rowId != 0 && queue != null) {
            long rowId = job.rowId;
            job.rowId = 0;
            try {
                queue.delete(rowId).whenComplete((ok, error) -> {
                    if (error != null) {
                        deleteFailedLog.failed("Persistent queue could not delete row " + rowId
                                + "; the job may run again after a restart", error);
                    }
                });
            } catch (RuntimeException e) {
                deleteFailedLog.failed("Persistent queue could not delete row " + rowId, e);
            }
        }
    }

    // ---------------------------------------------------------------- wake-ups

    /**
     * A job entered the function's levels: a waiting GRAB takes it, one whose connection the
     * current thread writes to directly first; else sleeping workers are woken.
     */
    private void jobArrived(FunctionQueue function) {
        if (function.grabWaiting > 0) {
            handToWaitingGrabs(function, true);
            handToWaitingGrabs(function, false);
            if (!function.hasRunnable()) {
                return;
            }
        }
        wakeWorkers(function);
    }

    private void handToWaitingGrabs(FunctionQueue function, boolean localOnly) {
        List<Session> ring = function.workers;
        int n = ring.size();
        int start = function.wakeCursor % n;
        for (int i = 0; i < n && function.grabWaiting > 0 && function.hasRunnable(); i++) {
            Session worker = ring.get((start + i) % n);
            if (worker.waitingGrab != null && (!localOnly || worker.peer.isLocal())) {
                grab(worker, stopWaiting(worker));
                function.wakeCursor = start + i + 1;
            }
        }
    }

    /**
     * The session sent something while its GRAB waited: NO_JOB goes first, so that replies
     * keep the order of requests. Also the end of a wait whose time is up.
     */
    public void answerWaitingGrab(Session session) {
        if (session.waitingGrab != null) {
            stopWaiting(session);
            session.send(Replies.NO_JOB);
        }
    }

    private void startWaiting(Session session, PacketType kind) {
        session.waitingGrab = kind;
        for (Session.Registration r : session.abilities) {
            r.function().grabWaiting++;
        }
        session.grabDeadlineNanos = grabWaits.add(session);
    }

    /** Ends the session's wait, if any, and returns the GRAB kind it waited with. */
    private PacketType stopWaiting(Session session) {
        PacketType kind = session.waitingGrab;
        if (kind != null) {
            session.waitingGrab = null;
            for (Session.Registration r : session.abilities) {
                r.function().grabWaiting--;
            }
        }
        return kind;
    }

    private void setWakeState(Session session, boolean sleeping, boolean noopSent) {
        boolean before = session.wakeable();
        session.sleeping = sleeping;
        session.noopSent = noopSent;
        boolean after = session.wakeable();
        if (before != after) {
            int delta = after ? 1 : -1;
            for (Session.Registration r : session.abilities) {
                r.function().wakeable += delta;
            }
        }
    }

    /** NOOPs sleeping workers of the function, from a rotating start, at most {@code workerWakeup}. */
    private void wakeWorkers(FunctionQueue function) {
        if (function.wakeable == 0) {
            return;
        }
        List<Session> ring = function.workers;
        int n = ring.size();
        int start = function.wakeCursor % n;
        int limit = settings.workerWakeup();
        int woken = 0;
        for (int i = 0; i < n; i++) {
            int at = (start + i) % n;
            Session worker = ring.get(at);
            if (worker.wakeable()) {
                worker.send(Replies.NOOP);
                setWakeState(worker, true, true);
                if (limit > 0 && ++woken >= limit) {
                    function.wakeCursor = at + 1;
                    return;
                }
            }
        }
        function.wakeCursor = start + 1;
    }

    // ---------------------------------------------------------------- timer

    private void armTimer() {
        long next = Long.MAX_VALUE;
        Deadline d = deadlines.peek();
        if (d != null) {
            next = d.atMillis();
        }
        Job s = scheduled.peek();
        if (s != null) {
            next = Math.min(next, s.whenToRun * 1000);
        }
        if (next >= timerAt) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        timerAt = next;
        timer = scheduler.schedule(this::onTimer, TimeUnit.MILLISECONDS.toNanos(Math.max(0, next - clock.millis())));
    }

    /** Requeues jobs whose CAN_DO_TIMEOUT passed and queues scheduled jobs that became due. */
    public void onTimer() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        long now = clock.millis();
        Deadline d;
        while ((d = deadlines.peek()) != null && d.atMillis() <= now) {
            deadlines.poll();
            Job job = d.job();
            if (job.state == Job.State.RUNNING && job.assignment == d.assignment()) {
                LOG.debug("{} ran past its CAN_DO_TIMEOUT; requeued", handles.text(job.number));
                requeueFromWorker(job);
            }
        }
        Job job;
        while ((job = scheduled.peek()) != null && job.whenToRun * 1000 <= now) {
            scheduled.poll();
            job.function.scheduled--;
            job.state = Job.State.QUEUED;
            job.function.levels[job.priority].append(job);
            jobArrived(job.function);
        }
        armTimer();
    }

    // ---------------------------------------------------------------- persistence, shutdown

    /** Turns stored rows into queued background jobs with fresh handles; call before serving connections. */
    public void replay(List<StoredJob> rows) {
        for (StoredJob row : rows) {
            FunctionQueue function = function(row.function());
            int priority = Math.max(0, Math.min(2, row.priority()));
            Job job = new Job(nextNumber++, function, row.unique(), row.data(), row.reducer(), priority, true,
                    row.whenToRun(), clock.nanos());
            job.rowId = row.rowId();
            jobs.add(job);
            function.total++;
            byte[] key = job.key();
            // Two live rows with one key can only come from a crash between a delete and a new write: run both.
            if (key.length > 0 && function.index.find(key) == null) {
                function.index.add(job);
            }
            enqueue(job);
        }
    }

    /** Calls {@code action} (once) as soon as no job is left; at once if none is. For graceful shutdown. */
    public void whenIdle(Runnable action) {
        onIdle = action;
        checkIdle();
    }

    private void checkIdle() {
        if (onIdle != null && jobs.size() == 0) {
            Runnable action = onIdle;
            onIdle = null;
            action.run();
        }
    }

    // ---------------------------------------------------------------- admin

    public Collection<FunctionQueue> functions() {
        return Collections.unmodifiableCollection(functions.values());
    }

    public Collection<Session> sessions() {
        return Collections.unmodifiableCollection(sessions);
    }

    /** Every live job, oldest first. */
    public List<Job> jobs() {
        List<Job> all = new ArrayList<>(jobs.size());
        jobs.forEach(all::add);
        all.sort(Comparator.comparingLong(Job::number));
        return all;
    }

    public void forEachJob(Consumer<Job> visitor) {
        jobs.forEach(visitor);
    }

    public int jobCount() {
        return jobs.size();
    }

    /**
     * Admin {@code cancel job}: listeners get WORK_FAIL and the row is deleted. A queued job is
     * removed; a running one keeps running with no one listening (gearmand would still forward
     * its WORK_COMPLETE after the FAIL).
     */
    public boolean cancel(byte[] handle) {
        Job job = find(handle);
        if (job == null || job.state == Job.State.PENDING_STORE || job.ignored) {
            return false;
        }
        failListeners(job);
        metrics.jobFailed(job.function.name(), clock.nanos() - job.createdNanos);
        if (job.state == Job.State.RUNNING) {
            deleteRow(job);
            ignore(job);
        } else {
            finish(job);
        }
        return true;
    }

    public void createFunction(byte[] name) {
        function(name);
    }

    /** What {@link #dropFunction} did. */
    public enum DropResult { DROPPED, NOT_FOUND, BUSY }

    /**
     * Admin {@code drop function} (name compared ignoring case, like gearmand). Refused while
     * workers are registered or jobs run or wait for their row; queued jobs are failed
     * (listeners get WORK_FAIL) and their rows deleted rather than dropped silently.
     */
    public DropResult dropFunction(String name) {
        FunctionQueue found = null;
        for (FunctionQueue f : functions.values()) {
            if (f.name().equalsIgnoreCase(name)) {
                found = f;
                break;
            }
        }
        if (found == null) {
            return DropResult.NOT_FOUND;
        }
        int waiting = found.levels[0].size() + found.levels[1].size() + found.levels[2].size() + found.scheduled;
        if (found.workerCount() > 0 || found.running > 0 || found.total > waiting) {
            return DropResult.BUSY;
        }
        List<Job> doomed = new ArrayList<>();
        for (JobList level : found.levels) {
            level.forEach(doomed::add);
        }
        for (Job job : scheduled) {
            if (job.function == found) {
                doomed.add(job);
            }
        }
        for (Job job : doomed) {
            failListeners(job);
            finish(job);
        }
        functions.remove(found.name());
        if (lastFunction == found) {
            lastFunction = null;
        }
        return DropResult.DROPPED;
    }

    /** Admin {@code maxqueue}: limits per level (high, normal, low); 0 or less = unlimited. Unknown functions are left alone. */
    public void maxQueue(String name, int high, int normal, int low) {
        FunctionQueue function = functions.get(name);
        if (function != null) {
            function.maxQueue[0] = Math.max(0, high);
            function.maxQueue[1] = Math.max(0, normal);
            function.maxQueue[2] = Math.max(0, low);
        }
    }

    /** What metrics read at scrape time (call under the engine lock). */
    public List<ServerMetrics.FunctionSnapshot> snapshot() {
        List<ServerMetrics.FunctionSnapshot> out = new ArrayList<>(functions.size());
        for (FunctionQueue f : functions.values()) {
            out.add(new ServerMetrics.FunctionSnapshot(f.name(), f.total - f.running, f.running, f.workerCount()));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private Job find(byte[] handle) {
        long number = handles.parse(handle);
        return number < 0 ? null : jobs.find(number);
    }

    private FunctionQueue function(byte[] name) {
        FunctionQueue last = lastFunction;
        if (last != null && Arrays.equals(last.nameBytes(), name)) {
            return last;
        }
        String key = text(name);
        FunctionQueue function = functions.get(key);
        if (function == null) {
            function = new FunctionQueue(key, name);
            functions.put(key, function);
        }
        lastFunction = function;
        return function;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
