package org.gmdb.launcher.mail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for a mail client future on the command's thread and rethrows its own failure
 * (not the {@link CompletionException} wrapper), so the launcher prints the real message.
 */
final class Joins {

    private Joins() {
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
