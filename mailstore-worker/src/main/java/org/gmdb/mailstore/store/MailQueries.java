package org.gmdb.mailstore.store;

import static org.gmdb.schema.shard.Tables.EXPUNGED_UID;
import static org.gmdb.schema.shard.Tables.MAILBOX;
import static org.gmdb.schema.shard.Tables.MESSAGE;
import static org.gmdb.schema.shard.Tables.MESSAGE_CONTENT;
import static org.gmdb.schema.shard.Tables.MESSAGE_FLAG;
import static org.gmdb.schema.shard.Tables.USERS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.Names;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.schema.shard.tables.records.MailboxRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Read side of one replica: mailboxes with counts, message lists (also "changed since
 * MODSEQ n"), raw fetch, search across one or all users, counts. Only visible messages
 * (with content, not expunged) are ever returned. UIDs and MODSEQs in answers are this
 * replica's. Caveat: text search is a substring scan of the parsed header columns, fine
 * for a mailbox or a shard of modest size, not a full-text index.
 */
public final class MailQueries {

    public static final int MAX_LIMIT = 10_000;
    private static final String SEEN = "\\Seen";

    private final DSLContext dsl;

    public MailQueries(ShardDatabase db) {
        this.dsl = db.dsl();
    }

    /** Answers any query; unknown users, mailboxes and messages throw the matching {@link StoreException}. */
    public QueryResponse answer(QueryRequest request) {
        if (request instanceof QueryRequest.ListMailboxes r) {
            return new QueryResponse.MailboxList(Names.user(r.user()), listMailboxes(r.user()));
        }
        if (request instanceof QueryRequest.ListMessages r) {
            return listMessages(r.user(), r.mailbox(), r.sort(), r.descending(), r.limit(), r.sinceModseq());
        }
        if (request instanceof QueryRequest.FetchMessage r) {
            return fetch(r.user(), r.message());
        }
        if (request instanceof QueryRequest.Search r) {
            return new QueryResponse.MessageList(null, null, search(r.criteria(), r.sort(), r.descending(), r.limit()), null);
        }
        if (request instanceof QueryRequest.Counts r) {
            return counts(r.user(), r.mailbox());
        }
        throw new StoreException("unknown query type " + request.getClass().getName());
    }

    public List<MailboxInfo> listMailboxes(String user) {
        long userId = userId(user);
        Map<Long, long[]> counts = countsByMailbox(MESSAGE.USER_ID.eq(userId));
        List<MailboxInfo> out = new ArrayList<>();
        for (MailboxRecord b : dsl.selectFrom(MAILBOX).where(MAILBOX.USER_ID.eq(userId)).orderBy(MAILBOX.NAME).fetch()) {
            long[] c = counts.getOrDefault(b.getId(), new long[3]);
            if (isListed(b, c[0])) {
                out.add(new MailboxInfo(b.getName(), b.getUidvalidity(), b.getUidnext(), b.getHighestmodseq(), c[0], c[1]));
            }
        }
        return out;
    }

    public QueryResponse.MessageList listMessages(String user, String mailbox, Sort sort, boolean descending,
            Integer limit, Long sinceModseq) {
        MailboxRecord b = listedMailbox(user, mailbox);
        Condition where = MESSAGE.MAILBOX_ID.eq(b.getId());
        List<Long> vanished = null;
        if (sinceModseq != null) {
            where = where.and(MESSAGE.MODSEQ.gt(sinceModseq));
            vanished = dsl.select(EXPUNGED_UID.UID).from(EXPUNGED_UID).where(EXPUNGED_UID.MAILBOX_ID.eq(b.getId()))
                    .and(EXPUNGED_UID.MODSEQ.gt(sinceModseq)).orderBy(EXPUNGED_UID.UID).fetch(EXPUNGED_UID.UID);
        }
        List<MessageSummary> messages = summaries(where, sortFields(sort == null ? Sort.UID : sort, descending), limit);
        return new QueryResponse.MessageList(b.getUidvalidity(), b.getHighestmodseq(), messages, vanished);
    }

    public QueryResponse.FetchedMessage fetch(String user, UUID id) {
        long userId = userId(user);
        List<MessageSummary> found = summaries(MESSAGE.USER_ID.eq(userId).and(MESSAGE.ID.eq(EventIds.toBytes(id)))
                .and(MESSAGE.MAILBOX_ID.isNotNull()), sortFields(Sort.UID, false), 1);
        if (found.isEmpty()) {
            throw new UnknownMessageException(Names.user(user), id);
        }
        byte[] raw = dsl.select(MESSAGE_CONTENT.RAW).from(MESSAGE).join(MESSAGE_CONTENT)
                .on(MESSAGE_CONTENT.ID.eq(MESSAGE.CONTENT_ID))
                .where(MESSAGE.USER_ID.eq(userId)).and(MESSAGE.ID.eq(EventIds.toBytes(id)))
                .fetchOne(MESSAGE_CONTENT.RAW);
        return new QueryResponse.FetchedMessage(found.get(0), raw);
    }

    public List<MessageSummary> search(SearchCriteria c, Sort sort, boolean descending, Integer limit) {
        Condition where = MESSAGE.MAILBOX_ID.isNotNull();
        if (c.user() != null) {
            where = where.and(MESSAGE.USER_ID.eq(userId(c.user())));
            if (c.mailbox() != null) {
                listedMailbox(c.user(), c.mailbox());
            }
        }
        if (c.mailbox() != null) {
            where = where.and(MAILBOX.NAME.eq(Names.mailbox(c.mailbox())));
        }
        where = contains(where, MESSAGE_CONTENT.HDR_FROM, c.from());
        where = contains(where, MESSAGE_CONTENT.HDR_TO, c.to());
        where = contains(where, MESSAGE_CONTENT.HDR_SUBJECT, c.subject());
        if (c.messageId() != null) {
            where = where.and(MESSAGE_CONTENT.HDR_MESSAGE_ID.eq(c.messageId().trim()));
        }
        if (c.flagsSet() != null) {
            for (String flag : Names.flags(c.flagsSet())) {
                where = where.and(DSL.exists(flagIsSet(flag)));
            }
        }
        if (c.flagsUnset() != null) {
            for (String flag : Names.flags(c.flagsUnset())) {
                where = where.and(DSL.notExists(flagIsSet(flag)));
            }
        }
        where = range(where, MESSAGE.INTERNAL_DATE, c.since(), c.before());
        where = range(where, MESSAGE_CONTENT.HDR_DATE, c.sentSince(), c.sentBefore());
        Sort effective = sort == null ? Sort.DATE : sort;
        if (effective == Sort.UID && (c.user() == null || c.mailbox() == null)) {
            effective = Sort.ARRIVAL; // UIDs only order messages within one mailbox
        }
        return summaries(where, sortFields(effective, descending), limit);
    }

    public QueryResponse.CountsResult counts(String user, String mailbox) {
        long userId = userId(user);
        Condition where = MESSAGE.USER_ID.eq(userId);
        if (mailbox != null) {
            where = where.and(MESSAGE.MAILBOX_ID.eq(listedMailbox(user, mailbox).getId()));
        }
        long[] total = new long[3];
        for (long[] c : countsByMailbox(where).values()) {
            total[0] += c[0];
            total[1] += c[1];
            total[2] += c[2];
        }
        return new QueryResponse.CountsResult(Names.user(user), mailbox == null ? null : Names.mailbox(mailbox),
                total[0], total[1], total[2]);
    }

    private long userId(String user) {
        String address = Names.user(user);
        Long id = dsl.select(USERS.ID).from(USERS).where(USERS.ADDRESS.eq(address)).fetchOne(USERS.ID);
        if (id == null) {
            throw new UnknownUserException(address);
        }
        return id;
    }

    private MailboxRecord listedMailbox(String user, String mailbox) {
        long userId = userId(user);
        String name = Names.mailbox(mailbox);
        MailboxRecord b = dsl.selectFrom(MAILBOX).where(MAILBOX.USER_ID.eq(userId)).and(MAILBOX.NAME.eq(name)).fetchOne();
        if (b == null || !isListed(b, countsByMailbox(MESSAGE.MAILBOX_ID.eq(b.getId())).getOrDefault(b.getId(), new long[3])[0])) {
            throw new UnknownMailboxException(Names.user(user), name);
        }
        return b;
    }

    private static boolean isListed(MailboxRecord b, long visible) {
        return Mailboxes.isListed(b.getName(), Mailboxes.stampOf(b.getTouchTs(), b.getTouchEid()),
                Mailboxes.stampOf(b.getDeletedTs(), b.getDeletedEid()), visible);
    }

    /** Per mailbox id: {visible messages, unseen, bytes}. */
    private Map<Long, long[]> countsByMailbox(Condition where) {
        var seen = MESSAGE_FLAG.as("seen");
        Map<Long, long[]> out = new HashMap<>();
        for (Record r : dsl.select(MESSAGE.MAILBOX_ID, DSL.count(),
                        DSL.count().filterWhere(seen.IS_SET.isNull().or(seen.IS_SET.isFalse())),
                        DSL.sum(MESSAGE_CONTENT.SIZE))
                .from(MESSAGE)
                .join(MESSAGE_CONTENT).on(MESSAGE_CONTENT.ID.eq(MESSAGE.CONTENT_ID))
                .leftJoin(seen).on(seen.USER_ID.eq(MESSAGE.USER_ID)).and(seen.MESSAGE_ID.eq(MESSAGE.ID))
                .and(seen.FLAG.eq(SEEN))
                .where(where).and(MESSAGE.MAILBOX_ID.isNotNull())
                .groupBy(MESSAGE.MAILBOX_ID).fetch()) {
            Number bytes = (Number) r.get(3);
            out.put(r.get(MESSAGE.MAILBOX_ID), new long[] {r.get(1, Long.class), r.get(2, Long.class),
                    bytes == null ? 0 : bytes.longValue()});
        }
        return out;
    }

    private org.jooq.Select<?> flagIsSet(String flag) {
        return DSL.selectOne().from(MESSAGE_FLAG).where(MESSAGE_FLAG.USER_ID.eq(MESSAGE.USER_ID))
                .and(MESSAGE_FLAG.MESSAGE_ID.eq(MESSAGE.ID)).and(MESSAGE_FLAG.FLAG.eq(flag))
                .and(MESSAGE_FLAG.IS_SET.isTrue());
    }

    private static Condition contains(Condition where, Field<String> field, String value) {
        return value == null ? where : where.and(field.containsIgnoreCase(value));
    }

    private static Condition range(Condition where, Field<Long> field, Long since, Long before) {
        if (since != null) {
            where = where.and(field.ge(since));
        }
        if (before != null) {
            where = where.and(field.lt(before));
        }
        return where;
    }

    private static List<SortField<?>> sortFields(Sort sort, boolean descending) {
        Field<?> key = switch (sort) {
            case DATE -> DSL.coalesce(MESSAGE_CONTENT.HDR_DATE, MESSAGE.INTERNAL_DATE);
            case ARRIVAL -> MESSAGE.INTERNAL_DATE;
            case UID -> MESSAGE.UID;
        };
        return descending
                ? List.of(key.desc(), MESSAGE.ID.desc(), USERS.ADDRESS.desc())
                : List.of(key.asc(), MESSAGE.ID.asc(), USERS.ADDRESS.asc());
    }

    private List<MessageSummary> summaries(Condition where, List<SortField<?>> order, Integer limit) {
        int max = limit == null ? MAX_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw new StoreException("limit " + max + " (expected: 1.." + MAX_LIMIT + ")");
        }
        List<SelectField<?>> fields = List.of(MESSAGE.USER_ID, MESSAGE.ID, USERS.ADDRESS, MAILBOX.NAME, MESSAGE.UID,
                MESSAGE.MODSEQ, MESSAGE.INTERNAL_DATE, MESSAGE_CONTENT.SIZE, MESSAGE_CONTENT.HDR_FROM,
                MESSAGE_CONTENT.HDR_TO, MESSAGE_CONTENT.HDR_SUBJECT, MESSAGE_CONTENT.HDR_DATE,
                MESSAGE_CONTENT.HDR_MESSAGE_ID);
        var rows = dsl.select(fields).from(MESSAGE)
                .join(MESSAGE_CONTENT).on(MESSAGE_CONTENT.ID.eq(MESSAGE.CONTENT_ID))
                .join(MAILBOX).on(MAILBOX.ID.eq(MESSAGE.MAILBOX_ID))
                .join(USERS).on(USERS.ID.eq(MESSAGE.USER_ID))
                .where(where).orderBy(order).limit(max).fetch();
        Map<String, List<String>> flags = flagsOf(rows);
        List<MessageSummary> out = new ArrayList<>(rows.size());
        for (Record r : rows) {
            UUID id = EventIds.fromBytes(r.get(MESSAGE.ID));
            out.add(new MessageSummary(id, r.get(USERS.ADDRESS), r.get(MAILBOX.NAME), r.get(MESSAGE.UID),
                    r.get(MESSAGE.MODSEQ), r.get(MESSAGE.INTERNAL_DATE), r.get(MESSAGE_CONTENT.SIZE),
                    r.get(MESSAGE_CONTENT.HDR_FROM), r.get(MESSAGE_CONTENT.HDR_TO), r.get(MESSAGE_CONTENT.HDR_SUBJECT),
                    r.get(MESSAGE_CONTENT.HDR_DATE), r.get(MESSAGE_CONTENT.HDR_MESSAGE_ID),
                    flags.getOrDefault(r.get(MESSAGE.USER_ID) + "/" + id, List.of())));
        }
        return out;
    }

    /** Set flags of the listed messages, keyed "userId/messageId", each list sorted. */
    private Map<String, List<String>> flagsOf(List<? extends Record> rows) {
        Map<Long, List<byte[]>> idsByUser = new TreeMap<>();
        for (Record r : rows) {
            idsByUser.computeIfAbsent(r.get(MESSAGE.USER_ID), u -> new ArrayList<>()).add(r.get(MESSAGE.ID));
        }
        Map<String, List<String>> out = new HashMap<>();
        for (Map.Entry<Long, List<byte[]>> e : idsByUser.entrySet()) {
            for (Record f : dsl.select(MESSAGE_FLAG.MESSAGE_ID, MESSAGE_FLAG.FLAG).from(MESSAGE_FLAG)
                    .where(MESSAGE_FLAG.USER_ID.eq(e.getKey())).and(MESSAGE_FLAG.MESSAGE_ID.in(e.getValue()))
                    .and(MESSAGE_FLAG.IS_SET.isTrue()).orderBy(MESSAGE_FLAG.FLAG).fetch()) {
                out.computeIfAbsent(e.getKey() + "/" + EventIds.fromBytes(f.get(MESSAGE_FLAG.MESSAGE_ID)),
                        k -> new ArrayList<>()).add(f.get(MESSAGE_FLAG.FLAG));
            }
        }
        return out;
    }
}
