/**
 * The per-replica worker process of the mail store ({@link org.gmdb.mailstore.ReplicaWorker},
 * run by {@link org.gmdb.mailstore.ReplicaWorkerMain}).
 *
 * <h2>Functions and payloads</h2>
 * <p>Replica {@code R} of shard {@code N} registers two functions with every job server:
 * <ul>
 *   <li>{@code mail<N>@<R>}, the replica's own. The first line of the job data (JSON) says
 *   what the job is, by its top-level key:
 *     <ul>
 *       <li>{@code "op"}: a write event, as {@link org.gmdb.mail.event.EventCodec} writes it
 *       ({@code {"v":1,"id":"<uuidv7>","op":"deliver","user":"alice@example.com",...}\n<raw message>}).
 *       Sent as a background job, unique = event id. Answer: WORK_COMPLETE with the event id
 *       once committed; a malformed event gets WORK_EXCEPTION with the reason.</li>
 *       <li>{@code "q"}: a query pinned to this replica ({@link org.gmdb.mail.event.query.QueryCodec}),
 *       answered with a {@code QueryResponse} line; an unknown user, mailbox or message gets
 *       WORK_EXCEPTION with a message such as {@code unknown user bob@example.com (...)}.</li>
 *       <li>{@code "ae"}: an anti-entropy or admin request
 *       ({@link org.gmdb.mailstore.antientropy.AntiEntropyRequest}): {@code ping}, {@code digests},
 *       {@code ids}, {@code events}, {@code status}. Sent in the foreground at high priority.</li>
 *     </ul></li>
 *   <li>{@code mail<N>}: queries for the shard ({@code "q"}), answered by any replica; anything
 *   else gets WORK_EXCEPTION.</li>
 * </ul>
 *
 * <h2>Failure rules</h2>
 * <p>A write job is completed only after its transaction commits; jobs in hand are batched
 * (one transaction for up to {@code maxBatch} events). A database that is away never fails a
 * write job: the batch is retried with backoff; a shutdown meanwhile drops the job server
 * connections unanswered, so the jobs are requeued. Events are idempotent, so replays are
 * harmless.
 */
package org.gmdb.mailstore;
