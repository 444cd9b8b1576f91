package org.gmdb.mailclient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.Names;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.mail.topology.HostPort;
import org.gmdb.mail.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library MTAs and IMAP frontends use to store and read mail: routes each user to its
 * shard, writes every event to every replica of that shard through the job servers, waits
 * for the requested {@link Durability}, and reads from one shard or from all of them
 * (search: map over shards, reduce by merging).
 *
 * <pre>{@code
 * try (MailClient mail = MailClient.builder().topology(TopologyLoader.discover(null)).build()) {
 *     DeliveryReceipt r = mail.deliver(List.of("bob@example.org"), raw, Durability.ONE).join();
 *     UUID id = r.recipients().get(0).eventId();
 *     byte[] back = mail.fetch("bob@example.org", id, ReadFrom.anyReplica()).join().raw();
 * }
 * }</pre>
 *
 * <p>Every method is asynchronous and never throws for bad input: the future fails instead
 * ({@link InvalidRecipientException}, {@link MessageTooLargeException}, {@link WriteException},
 * {@link DeliveryException}, {@link MailQueryException}). Writes are idempotent by event id,
 * so retrying a failed {@link Delivery} or event is safe.
 *
 * <p>Caveat: futures may complete on an IO thread; do not block in code chained on them.
 */
public final class MailClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailClient.class);
    /** The most messages one shard returns for one list or search (the store's cap). */
    public static final int MAX_LIMIT = 10_000;

    private final MailTransport transport;
    private final ShardLayout layout;
    private final MessageInspector inspector;
    private final EventWriter writer;
    private final ShardQueries queries;
    private final String author;
    private final Duration queryTimeout;

    private MailClient(Builder b, MailTransport transport, ShardLayout layout) {
        this.transport = transport;
        this.layout = layout;
        this.inspector = new MessageInspector(b.maxMessageSize);
        this.writer = new EventWriter(transport, layout, b.applyTimeout);
        this.queries = new ShardQueries(transport, layout);
        this.author = b.author;
        this.queryTimeout = b.queryTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The shards and replicas this client writes to and reads from. */
    public ShardLayout layout() {
        return layout;
    }

    /** The shard (1..N) that holds the mail of {@code user}. */
    public int shardOf(String user) {
        return layout.shardOf(Addresses.normalize(user));
    }

    // ---- delivery ----

    /** Delivers {@code rawMessage} to the INBOX of each recipient; see {@link #deliver(List, byte[], DeliveryOptions, Durability)}. */
    public CompletableFuture<DeliveryReceipt> deliver(List<String> recipients, byte[] rawMessage, Durability durability) {
        return deliver(recipients, rawMessage, DeliveryOptions.INBOX, durability);
    }

    /**
     * Checks the message and recipients, makes one deliver event per distinct recipient, and
     * writes each to every replica of the recipient's shard. Completes once every recipient
     * is durable at {@code durability}; else fails with a {@link DeliveryException} whose
     * receipt has every recipient's outcome. The stored bytes are exactly {@code rawMessage}.
     */
    public CompletableFuture<DeliveryReceipt> deliver(List<String> recipients, byte[] rawMessage,
            DeliveryOptions options, Durability durability) {
        Delivery delivery;
        try {
            delivery = prepare(recipients, rawMessage, options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return write(delivery, durability);
    }

    /**
     * Checks the message (size; headers read for metadata, never to refuse it) and the
     * recipients, and makes the deliver events, without sending anything.
     *
     * @throws InvalidRecipientException for the first recipient that is not an address
     * @throws MessageTooLargeException  if the message is over the limit
     */
    public Delivery prepare(List<String> recipients, byte[] rawMessage, DeliveryOptions options) {
        Objects.requireNonNull(options, "options");
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients (expected: at least 1)");
        }
        MessageMetadata metadata = inspector.inspect(rawMessage);
        if (!metadata.problems().isEmpty()) {
            LOG.debug("delivering a message of {} bytes as received despite header problems: {}", metadata.size(),
                    metadata.problems());
        }
        Set<String> users = new LinkedHashSet<>();
        for (String recipient : recipients) {
            users.add(Addresses.normalize(recipient));
        }
        List<MailEvent.Deliver> events = new ArrayList<>();
        for (String user : users) {
            events.add(new MailEvent.Deliver(EventHeader.create(author, user), options.mailbox(), options.flags(),
                    rawMessage));
        }
        return new Delivery(metadata, events);
    }

    /** Writes a prepared delivery (again, for a retry): same events, same ids. */
    public CompletableFuture<DeliveryReceipt> write(Delivery delivery, Durability durability) {
        List<CompletableFuture<WriteReceipt>> writes = new ArrayList<>();
        for (MailEvent.Deliver event : delivery.events()) {
            writes.add(writer.write(event, durability));
        }
        return CompletableFuture.allOf(writes.stream().map(f -> f.handle((v, e) -> null))
                .toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                    List<WriteReceipt> receipts = new ArrayList<>();
                    Throwable firstError = null;
                    for (CompletableFuture<WriteReceipt> f : writes) {
                        try {
                            receipts.add(f.join());
                        } catch (RuntimeException e) {
                            Throwable cause = EventWriter.unwrap(e);
                            if (!(cause instanceof WriteException w)) {
                                throw e; // a bug, not an outcome: surface it as is
                            }
                            receipts.add(w.receipt());
                            firstError = firstError == null ? w : firstError;
                        }
                    }
                    DeliveryReceipt receipt = new DeliveryReceipt(delivery.metadata(), receipts);
                    if (!receipt.durable()) {
                        throw new DeliveryException(delivery, receipt, firstError);
                    }
                    return receipt;
                });
    }

    // ---- other writes ----

    /** Writes any event (made with {@link EventHeader#create}) to every replica of its user's shard. */
    public CompletableFuture<WriteReceipt> write(MailEvent event, Durability durability) {
        try {
            return writer.write(Objects.requireNonNull(event, "event"), durability);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** IMAP APPEND: a new message in {@code mailbox}; the receipt's event id is the message id. */
    public CompletableFuture<WriteReceipt> append(String user, String mailbox, Set<String> flags, Long internalDate,
            byte[] rawMessage, Durability durability) {
        return writeNew(() -> {
            inspector.checkSize(rawMessage);
            return new MailEvent.Append(header(user), mailbox, flags, internalDate, rawMessage);
        }, durability);
    }

    public CompletableFuture<WriteReceipt> createMailbox(String user, String mailbox, Durability durability) {
        return writeNew(() -> new MailEvent.CreateMailbox(header(user), mailbox), durability);
    }

    /** Renames a mailbox with the messages in it. */
    public CompletableFuture<WriteReceipt> renameMailbox(String user, String mailbox, String newName,
            Durability durability) {
        return writeNew(() -> new MailEvent.RenameMailbox(header(user), mailbox, newName), durability);
    }

    public CompletableFuture<WriteReceipt> deleteMailbox(String user, String mailbox, Durability durability) {
        return writeNew(() -> new MailEvent.DeleteMailbox(header(user), mailbox), durability);
    }

    /** Sets flags and keywords ({@code \Seen}, {@code $Junk}, ...) on messages given by id. */
    public CompletableFuture<WriteReceipt> setFlags(String user, Collection<UUID> messages, Set<String> flags,
            Durability durability) {
        return writeNew(() -> new MailEvent.SetFlags(header(user), List.copyOf(messages), flags), durability);
    }

    public CompletableFuture<WriteReceipt> clearFlags(String user, Collection<UUID> messages, Set<String> flags,
            Durability durability) {
        return writeNew(() -> new MailEvent.ClearFlags(header(user), List.copyOf(messages), flags), durability);
    }

    public CompletableFuture<WriteReceipt> move(String user, Collection<UUID> messages, String toMailbox,
            Durability durability) {
        return writeNew(() -> new MailEvent.Move(header(user), List.copyOf(messages), toMailbox), durability);
    }

    /** Copies a message to {@code toMailbox} with {@code flags}; the receipt's event id is the copy's id. */
    public CompletableFuture<WriteReceipt> copy(String user, UUID message, String toMailbox, Set<String> flags,
            Durability durability) {
        return writeNew(() -> new MailEvent.Copy(header(user), message, toMailbox, flags), durability);
    }

    public CompletableFuture<WriteReceipt> expunge(String user, Collection<UUID> messages, Durability durability) {
        return writeNew(() -> new MailEvent.Expunge(header(user), List.copyOf(messages)), durability);
    }

    // ---- reads of one user (one shard) ----

    public CompletableFuture<List<MailboxInfo>> listMailboxes(String user, ReadFrom from) {
        return userQuery(user, from, u -> new QueryRequest.ListMailboxes(u), QueryResponse.MailboxList.class)
                .thenApply(QueryResponse.MailboxList::mailboxes);
    }

    /**
     * Messages of one mailbox, sorted (null: by UID), at most {@code limit} (null: the store's
     * cap of {@value #MAX_LIMIT}); with {@code sinceModseq}, only those changed after it plus the
     * UIDs that vanished. UIDVALIDITY and MODSEQs are those of the answering replica.
     */
    public CompletableFuture<QueryResponse.MessageList> listMessages(String user, String mailbox, Sort sort,
            boolean descending, Integer limit, Long sinceModseq, ReadFrom from) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit " + limit
                    + " (expected: 1.." + MAX_LIMIT + ")"));
        }
        return userQuery(user, from, u -> new QueryRequest.ListMessages(u, Names.mailbox(mailbox), sort, descending,
                limit, sinceModseq), QueryResponse.MessageList.class);
    }

    /** A message's summary and its raw bytes, exactly as delivered. */
    public CompletableFuture<QueryResponse.FetchedMessage> fetch(String user, UUID message, ReadFrom from) {
        return userQuery(user, from, u -> new QueryRequest.FetchMessage(u, Objects.requireNonNull(message, "message")),
                QueryResponse.FetchedMessage.class);
    }

    /** Counts of all a user's mail, or of one mailbox when {@code mailbox} is not null. */
    public CompletableFuture<QueryResponse.CountsResult> counts(String user, String mailbox, ReadFrom from) {
        return userQuery(user, from, u -> new QueryRequest.Counts(u, mailbox == null ? null : Names.mailbox(mailbox)),
                QueryResponse.CountsResult.class);
    }

    // ---- search ----

    /** {@link #search(SearchCriteria, Sort, boolean, int, Duration)} with the client's query timeout. */
    public CompletableFuture<SearchResult> search(SearchCriteria criteria, Sort sort, boolean descending, int limit) {
        return search(criteria, sort, descending, limit, queryTimeout);
    }

    /**
     * Messages matching {@code criteria}: from the user's shard when {@code criteria.user()} is
     * set, else from every shard in parallel, each shard sorting and cutting to {@code limit}
     * itself; then merged, sorted, de-duplicated by message id and cut to {@code limit}.
     * Shards that fail or miss {@code deadline} are named in {@link SearchResult#missingShards()};
     * the future itself only fails for bad arguments.
     */
    public CompletableFuture<SearchResult> search(SearchCriteria criteria, Sort sort, boolean descending, int limit,
            Duration deadline) {
        try {
            Objects.requireNonNull(criteria, "criteria");
            requirePositive(deadline);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit " + limit + " (expected: 1.." + MAX_LIMIT + ")");
            }
            List<Integer> shards;
            SearchCriteria c = criteria;
            if (criteria.user() != null) {
                String user = Addresses.normalize(criteria.user());
                c = new SearchCriteria(user, criteria.mailbox(), criteria.from(), criteria.to(), criteria.subject(),
                        criteria.messageId(), criteria.flagsSet(), criteria.flagsUnset(), criteria.since(),
                        criteria.before(), criteria.sentSince(), criteria.sentBefore());
                shards = List.of(layout.shardOf(user));
            } else {
                shards = IntStream.rangeClosed(1, layout.shardCount()).boxed().toList();
            }
            boolean oneMailbox = c.user() != null && c.mailbox() != null;
            QueryRequest.Search request = new QueryRequest.Search(c, sort, descending, limit);
            return queries.search(shards, ReadFrom.anyReplica(), request, limit, oneMailbox, deadline);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Closes the transport if this client made it (built from job servers or a topology). */
    @Override
    public void close() {
        transport.close();
    }

    // ---- helpers ----

    private EventHeader header(String user) {
        return EventHeader.create(author, Addresses.normalize(user));
    }

    private interface EventFactory {
        MailEvent make();
    }

    private CompletableFuture<WriteReceipt> writeNew(EventFactory factory, Durability durability) {
        MailEvent event;
        try {
            event = factory.make();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return write(event, durability);
    }

    private interface RequestFactory {
        QueryRequest make(String user);
    }

    private <T extends QueryResponse> CompletableFuture<T> userQuery(String user, ReadFrom from,
            RequestFactory factory, Class<T> expected) {
        try {
            String u = Addresses.normalize(user);
            return queries.ask(layout.shardOf(u), Objects.requireNonNull(from, "from"), factory.make(u), expected,
                    queryTimeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Duration requirePositive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("timeout " + d + " (expected: > 0)");
        }
        return d;
    }

    /**
     * Settings of a {@link MailClient}: where the job servers are and how the shards are laid
     * out (from a topology, or given one by one), or a ready {@link MailTransport}.
     */
    public static final class Builder {
        private List<HostPort> jobServers;
        private ShardLayout layout;
        private MailTransport transport;
        private long maxMessageSize = MessageInspector.DEFAULT_MAX_MESSAGE_SIZE;
        private String author = "mail-client";
        private Duration queryTimeout = Duration.ofSeconds(10);
        private Duration applyTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** Job servers and shard layout from the shared topology file. */
        public Builder topology(Topology topology) {
            this.jobServers = topology.jobServerAddresses();
            this.layout = ShardLayout.of(topology);
            return this;
        }

        /** Job servers as {@code host:port}, comma-separated. */
        public Builder jobServers(String hostPorts) {
            List<HostPort> out = new ArrayList<>();
            for (String part : hostPorts.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    out.add(HostPort.parse(part));
                }
            }
            this.jobServers = out;
            return this;
        }

        public Builder jobServers(List<HostPort> addresses) {
            this.jobServers = List.copyOf(addresses);
            return this;
        }

        public Builder layout(ShardLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** Use this transport instead of connecting to job servers; {@link MailClient#close()} closes it. */
        public Builder transport(MailTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Largest message accepted, in bytes; default 50 MiB. */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max message size " + bytes + " (expected: >= 1)");
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** Written into every event as its author, e.g. {@code lmtp@mx1}. */
        public Builder author(String author) {
            this.author = Objects.requireNonNull(author, "author");
            return this;
        }

        /** Default deadline of reads and searches; default 10 s. */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = requirePositive(timeout);
            return this;
        }

        /** Longest wait for a replica to confirm an apply (durability ONE, ALL); default 60 s. */
        public Builder applyTimeout(Duration timeout) {
            this.applyTimeout = requirePositive(timeout);
            return this;
        }

        /** Longest wait for a job server to accept a job (JOB_CREATED), failover included; default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout);
            return this;
        }

        public MailClient build() {
            if (layout == null) {
                throw new IllegalStateException("no shard layout (expected: topology(...) or layout(...))");
            }
            MailTransport t = transport;
            if (t == null) {
                if (jobServers == null || jobServers.isEmpty()) {
                    throw new IllegalStateException("no job servers (expected: topology(...), jobServers(...) or transport(...))");
                }
                t = GearmanMailTransport.connect(jobServers, requestTimeout, author);
            }
            return new MailClient(this, t, layout);
        }
    }
}
