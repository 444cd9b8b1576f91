package org.gmdb.mailclient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.gmdb.gearman.Priority;

/**
 * The few Gearman calls the mail client makes, as a small interface so that routing,
 * durability and merging can be tested without sockets. {@link GearmanMailTransport} is the
 * real one, over {@link org.gmdb.gearman.client.GearmanClient}.
 *
 * <p>Caveat: futures may complete on an IO thread; code chained on them must not block.
 */
public interface MailTransport extends AutoCloseable {

    /**
     * Submits a background job; completes with the job handle once a job server accepted it
     * (JOB_CREATED), or fails.
     */
    CompletableFuture<String> submitBackground(String function, String unique, byte[] payload);

    /**
     * Submits a foreground job and completes with its result (WORK_COMPLETE data), or fails.
     *
     * @param unique  the coalescing key, or null for one the transport makes up (never coalesced)
     * @param timeout longest wait for the result
     */
    CompletableFuture<byte[]> submit(String function, String unique, byte[] payload, Priority priority,
            Duration timeout);

    @Override
    void close();
}
