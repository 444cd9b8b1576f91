package org.gmdb.gearman.client;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gmdb.gearman.ConnectionBuilder;
import org.gmdb.gearman.ConnectionSettings;
import org.gmdb.gearman.GearmanConnectionException;
import org.gmdb.gearman.GearmanTimeoutException;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.internal.Backoff;
import org.gmdb.gearman.internal.GearmanTransport;
import org.gmdb.gearman.internal.WireText;
import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A Gearman client over one or more job servers: submits foreground and background jobs and
 * asks for job status, all asynchronously and pipelined over one connection per server.
 *
 * <p>Each submission goes to one server: the one a hash of (function, unique) picks when the
 * caller gave a unique (so duplicates meet on one server and coalesce), else the next in
 * round-robin. A server that is down, or whose connection drops before JOB_CREATED, is
 * skipped for the next one; when all are down the request waits for the earliest reconnect
 * until its request timeout. Every future completes: with the result, the server's error, a
 * {@link GearmanConnectionException} or a {@link GearmanTimeoutException}.
 *
 * <p>Connections open on first use; a server that failed is retried after an exponential
 * backoff, when a request next needs it.
 *
 * <p>Caveats: futures complete on an IO thread unless a callback executor is set, so code
 * chained on them must not block (nor call {@link #close()}). A foreground job whose
 * connection drops after JOB_CREATED fails (the result can no longer arrive) although the
 * job may still run: callers retry, which suits idempotent jobs. Handles are only meaningful on the server that made them.
 */
public final class GearmanClient implements AutoCloseable {

    private final List<ClientConnection> connections = new ArrayList<>();
    private final GearmanTransport transport;
    private final EventLoop scheduler;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Set<Request<?>> outstanding = ConcurrentHashMap.newKeySet();
    private final long requestTimeoutNanos;
    private final long jobTimeoutNanos;
    private final String clientId;
    private final boolean exceptions;
    private final Executor callbackExecutor;
    private volatile boolean closed;

    private GearmanClient(Builder b, ConnectionSettings c) {
        this.transport = new GearmanTransport("gearman-client", c);
        this.scheduler = transport.nextLoop();
        this.requestTimeoutNanos = b.requestTimeout.toNanos();
        this.jobTimeoutNanos = b.jobTimeout == null ? 0 : b.jobTimeout.toNanos();
        this.clientId = c.clientId();
        this.exceptions = b.exceptions;
        this.callbackExecutor = b.callbackExecutor;
        for (ServerAddress server : c.servers()) {
            connections.add(new ClientConnection(this, server, transport.nextLoop(),
                    new Backoff(c.backoffInitial(), c.backoffMax())));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The job servers, in the order given. */
    public List<ServerAddress> servers() {
        return connections.stream().map(ClientConnection::address).toList();
    }

    /** Submits a foreground job at normal priority and waits for its result (WORK_COMPLETE data). */
    public CompletableFuture<byte[]> submit(String function, byte[] data) {
        return submit(function, data, SubmitOptions.DEFAULT);
    }

    /**
     * Submits a foreground job. The future completes with the WORK_COMPLETE data, or with
     * {@link org.gmdb.gearman.GearmanJobFailedException} (WORK_FAIL),
     * {@link org.gmdb.gearman.GearmanJobException} (WORK_EXCEPTION, the message is its data),
     * {@link org.gmdb.gearman.GearmanServerErrorException} (ERROR), {@link GearmanConnectionException}
     * or {@link GearmanTimeoutException}.
     */
    public CompletableFuture<byte[]> submit(String function, byte[] data, SubmitOptions options) {
        Objects.requireNonNull(options, "options");
        String unique = options.unique() == null ? UUID.randomUUID().toString() : options.unique();
        Packet packet = submitPacket(options.priority().foreground(), function, unique, data);
        long jobTimeout = options.timeout() == null ? jobTimeoutNanos : options.timeout().toNanos();
        ForegroundSubmit request = new ForegroundSubmit(this, packet, describe(packet.type(), function, unique),
                options.listener(), jobTimeout, callbackExecutor);
        start(request, routingHash(function, options.unique()));
        return request.future;
    }

    /** Submits a background job at normal priority with a generated unique; completes with the handle. */
    public CompletableFuture<String> submitBackground(String function, byte[] data) {
        return submitBackground(function, null, data, Priority.NORMAL);
    }

    /**
     * Submits a background job; the future completes with the job handle once JOB_CREATED
     * arrives, that is once the server holds (and, with a persistent queue, has stored) the job.
     *
     * @param unique the coalescing key; null generates a UUID (an empty unique is never coalesced, and
     *               gearmand's MySQL queue refuses a second one for the same function)
     */
    public CompletableFuture<String> submitBackground(String function, String unique, byte[] data, Priority priority) {
        String u = unique == null ? UUID.randomUUID().toString() : unique;
        Packet packet = submitPacket(Objects.requireNonNull(priority, "priority").background(), function, u, data);
        BackgroundSubmit request = new BackgroundSubmit(this, packet, describe(packet.type(), function, u),
                callbackExecutor);
        start(request, routingHash(function, unique));
        return request.future;
    }

    /** Submits a background job to run at {@code when} (SUBMIT_JOB_EPOCH); completes with the handle. */
    public CompletableFuture<String> submitEpoch(String function, String unique, byte[] data, Instant when) {
        String u = unique == null ? UUID.randomUUID().toString() : unique;
        checkFunctionAndUnique(function, u);
        Packet packet = Packet.request(PacketType.SUBMIT_JOB_EPOCH, WireText.utf8(function), WireText.utf8(u),
                WireText.utf8(Long.toString(when.getEpochSecond())), Objects.requireNonNull(data, "data"));
        BackgroundSubmit request = new BackgroundSubmit(this, packet,
                describe(PacketType.SUBMIT_JOB_EPOCH, function, u) + " at " + when, callbackExecutor);
        start(request, routingHash(function, unique));
        return request.future;
    }

    /**
     * GET_STATUS on every server; completes with the status from the server that knows the
     * handle, or "unknown" if every server answered and none does. Fails with
     * {@link GearmanConnectionException} when none knows it and some could not be asked.
     * Caveat: two gearmand on one host make the same handles; then use {@link #status(ServerAddress, String)}.
     */
    public CompletableFuture<JobStatus> status(String handle) {
        List<CompletableFuture<JobStatus>> answers = new ArrayList<>();
        for (ClientConnection connection : connections) {
            answers.add(status(connection, handle));
        }
        return firstKnown(answers, "GET_STATUS " + handle, JobStatus.unknown(handle, false));
    }

    /** GET_STATUS on one server. */
    public CompletableFuture<JobStatus> status(ServerAddress server, String handle) {
        return status(connection(server), handle);
    }

    /** GET_STATUS_UNIQUE on every server; the answer of one that knows the unique, else "unknown". */
    public CompletableFuture<JobStatus> statusByUnique(String unique) {
        checkUnique(unique);
        List<CompletableFuture<JobStatus>> answers = new ArrayList<>();
        for (ClientConnection connection : connections) {
            PinnedRequest<JobStatus> request = new PinnedRequest<>(
                    Packet.request(PacketType.GET_STATUS_UNIQUE, WireText.utf8(unique)), "GET_STATUS_UNIQUE " + unique,
                    PacketType.STATUS_RES_UNIQUE, reply -> parseStatus(unique, reply, true), null);
            startPinned(request, connection);
            answers.add(request.future);
        }
        return firstKnown(answers, "GET_STATUS_UNIQUE " + unique, JobStatus.unknown(unique, true));
    }

    /** ECHO_REQ to one server: completes with the echoed bytes; a cheap liveness check. */
    public CompletableFuture<byte[]> echo(ServerAddress server, byte[] data) {
        PinnedRequest<byte[]> request = new PinnedRequest<>(Packet.request(PacketType.ECHO_REQ,
                Objects.requireNonNull(data, "data")), "ECHO_REQ to " + server, PacketType.ECHO_RES,
                reply -> reply.field(0), callbackExecutor);
        startPinned(request, connection(server));
        return request.future;
    }

    /** Closes every connection; every request still pending fails with {@link GearmanConnectionException}. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ClientConnection connection : connections) {
            closing.add(connection.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the sweep below fails whatever the connections did not get to
        }
        for (Request<?> request : new ArrayList<>(outstanding)) {
            request.fail(new GearmanConnectionException("client closed before the reply to " + request));
        }
        transport.close();
    }

    // ---- inside the package: routing, failover, timers ----

    GearmanTransport transport() {
        return transport;
    }

    String clientId() {
        return clientId;
    }

    boolean exceptions() {
        return exceptions;
    }

    /** A connection could not take the request, or lost it before the reply: try the next server. */
    void redispatch(Request<?> request, ClientConnection from, Throwable cause) {
        request.sentTo = null;
        request.failures.put(from.address(), cause.getMessage());
        dispatch(request);
    }

    void scheduleJobTimeout(ForegroundSubmit request, long timeoutNanos) {
        try {
            request.timer = scheduler.schedule(() -> request.fail(new GearmanTimeoutException("no result for job "
                    + request.handle() + " (" + request + ") within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " ms")), timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            request.fail(new GearmanConnectionException("client closed"));
        }
    }

    private void start(Request<?> request, Integer hash) {
        int n = connections.size();
        request.startIndex = hash != null ? Math.floorMod(hash, n) : Math.floorMod(roundRobin.getAndIncrement(), n);
        if (arm(request)) {
            dispatch(request);
        }
    }

    private void startPinned(Request<?> request, ClientConnection connection) {
        if (arm(request)) {
            connection.send(request);
        }
    }

    /** Registers the request and its deadline; false if the client is closed (the request then failed). */
    private boolean arm(Request<?> request) {
        request.deadlineNanos = System.nanoTime() + requestTimeoutNanos;
        request.registry = outstanding;
        outstanding.add(request);
        if (closed) {
            request.fail(new GearmanConnectionException("client closed"));
            return false;
        }
        try {
            request.timer = scheduler.schedule(() -> onDeadline(request), requestTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            request.fail(new GearmanConnectionException("client closed"));
            return false;
        }
        return true;
    }

    private void dispatch(Request<?> request) {
        if (request.isFinished()) {
            return;
        }
        if (closed) {
            request.fail(new GearmanConnectionException("client closed"));
            return;
        }
        int n = connections.size();
        if (request.triedInRound < n) {
            int index = (request.startIndex + request.triedInRound++) % n;
            connections.get(index).send(request);
            return;
        }
        // Every server refused in this round: wait for the earliest reconnect, if the deadline allows.
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        for (ClientConnection connection : connections) {
            wait = Math.min(wait, connection.nextAttemptAtNanos() - now); // nanoTime: compare differences only
        }
        long delay = Math.max(TimeUnit.MILLISECONDS.toNanos(10), wait);
        if (now + delay - request.deadlineNanos >= 0) {
            request.fail(noServer(request));
            return;
        }
        request.triedInRound = 0;
        try {
            scheduler.schedule(() -> dispatch(request), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            request.fail(new GearmanConnectionException("client closed"));
        }
    }

    private void onDeadline(Request<?> request) {
        ClientConnection sentTo = request.sentTo;
        if (sentTo != null) {
            request.fail(new GearmanTimeoutException("no reply to " + request + " from " + sentTo.address()
                    + " within " + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms"));
        } else {
            request.fail(noServer(request));
        }
    }

    private GearmanConnectionException noServer(Request<?> request) {
        StringBuilder sb = new StringBuilder("no job server took ").append(request).append(" within ")
                .append(TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos)).append(" ms");
        List<Map.Entry<ServerAddress, String>> failures;
        synchronized (request.failures) {
            failures = new ArrayList<>(request.failures.entrySet());
        }
        for (Map.Entry<ServerAddress, String> failure : failures) {
            sb.append("; ").append(failure.getKey()).append(": ").append(failure.getValue());
        }
        return new GearmanConnectionException(sb.toString());
    }

    private CompletableFuture<JobStatus> status(ClientConnection connection, String handle) {
        byte[] handleBytes = WireText.handleBytes(Objects.requireNonNull(handle, "handle"));
        if (handleBytes.length == 0 || handleBytes.length > GearmanConstants.MAX_HANDLE_LENGTH) {
            // gearmand does not answer GET_STATUS for such a handle at all; refuse before it desynchronizes us
            throw new IllegalArgumentException("handle of " + handleBytes.length + " bytes (expected: 1 to "
                    + GearmanConstants.MAX_HANDLE_LENGTH + ")");
        }
        PinnedRequest<JobStatus> request = new PinnedRequest<>(Packet.request(PacketType.GET_STATUS, handleBytes),
                "GET_STATUS " + handle + " at " + connection.address(), PacketType.STATUS_RES,
                reply -> parseStatus(handle, reply, false), null);
        startPinned(request, connection);
        return request.future;
    }

    private static JobStatus parseStatus(String key, Packet reply, boolean byUnique) {
        // STATUS_RES: handle\0known\0running\0num\0den; STATUS_RES_UNIQUE adds \0waiting_clients
        return new JobStatus(key, WireText.parseLong(reply.field(1)) != 0, WireText.parseLong(reply.field(2)) != 0,
                WireText.parseLong(reply.field(3)), WireText.parseLong(reply.field(4)),
                byUnique ? WireText.parseLong(reply.field(5)) : -1);
    }

    private CompletableFuture<JobStatus> firstKnown(List<CompletableFuture<JobStatus>> answers, String what,
            JobStatus unknown) {
        CompletableFuture<JobStatus> result = new CompletableFuture<>();
        CompletableFuture.allOf(answers.stream().map(f -> f.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).whenComplete((ignored, e) -> {
                    List<String> failed = new ArrayList<>();
                    Throwable firstFailure = null;
                    for (CompletableFuture<JobStatus> answer : answers) {
                        JobStatus status = answer.exceptionally(x -> null).join();
                        if (status == null) {
                            Throwable cause = answer.handle((v, x) -> x).join();
                            firstFailure = firstFailure == null ? cause : firstFailure;
                            failed.add(String.valueOf(cause == null ? null : cause.getMessage()));
                        } else if (status.known()) {
                            result.complete(status);
                            return;
                        }
                    }
                    if (failed.isEmpty()) {
                        result.complete(unknown);
                    } else {
                        result.completeExceptionally(new GearmanConnectionException(what + ": no server knows it and "
                                + failed.size() + " could not be asked: " + failed, firstFailure));
                    }
                });
        if (callbackExecutor == null) {
            return result;
        }
        return result.whenCompleteAsync((v, e) -> { }, callbackExecutor);
    }

    private ClientConnection connection(ServerAddress server) {
        for (ClientConnection connection : connections) {
            if (connection.address().equals(server)) {
                return connection;
            }
        }
        throw new IllegalArgumentException("unknown job server " + server + " (expected one of " + servers() + ")");
    }

    private static Packet submitPacket(PacketType type, String function, String unique, byte[] data) {
        checkFunctionAndUnique(function, unique);
        return Packet.request(type, WireText.utf8(function), WireText.utf8(unique), Objects.requireNonNull(data, "data"));
    }

    private static void checkFunctionAndUnique(String function, String unique) {
        if (Objects.requireNonNull(function, "function").isEmpty()) {
            throw new IllegalArgumentException("empty function name");
        }
        if (function.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("function name holds a NUL byte");
        }
        checkUnique(unique);
    }

    private static void checkUnique(String unique) {
        byte[] bytes = WireText.utf8(Objects.requireNonNull(unique, "unique"));
        if (bytes.length > GearmanConstants.MAX_UNIQUE_LENGTH) {
            throw new IllegalArgumentException("unique of " + bytes.length + " bytes (expected: <= "
                    + GearmanConstants.MAX_UNIQUE_LENGTH + ")");
        }
        if (unique.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("unique holds a NUL byte");
        }
    }

    /** FNV-1a over function, NUL, unique: the coalescing key picks the server. Null without a unique. */
    private static Integer routingHash(String function, String unique) {
        if (unique == null || unique.isEmpty()) {
            return null;
        }
        int hash = 0x811c9dc5;
        for (byte b : WireText.utf8(function + "\0" + unique)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    private static String describe(PacketType type, String function, String unique) {
        return type + " " + function + (unique.isEmpty() ? "" : " (unique " + unique + ")");
    }

    /** Settings of a {@link GearmanClient}; only the servers are required. */
    public static final class Builder extends ConnectionBuilder<Builder> {
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration jobTimeout;
        private boolean exceptions = true;
        private Executor callbackExecutor;

        private Builder() {
        }

        /** Longest wait for a server's direct reply (JOB_CREATED, STATUS_RES, ...), failover included. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** Default longest wait for a foreground job's result after JOB_CREATED; null (default) waits forever. */
        public Builder jobTimeout(Duration timeout) {
            this.jobTimeout = timeout == null ? null : positive(timeout, "job timeout");
            return this;
        }

        /** Whether to ask for WORK_EXCEPTION packets (OPTION_REQ exceptions); on by default. */
        public Builder exceptions(boolean exceptions) {
            this.exceptions = exceptions;
            return this;
        }

        /** Where result futures complete; null (default) completes them on the IO thread. */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        public GearmanClient build() {
            return new GearmanClient(this, connectionSettings());
        }
    }
}
