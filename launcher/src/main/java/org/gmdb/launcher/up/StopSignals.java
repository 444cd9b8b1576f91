package org.gmdb.launcher.up;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action on the first SIGINT (Ctrl-C) or SIGTERM instead of ending the JVM at once,
 * so that a server can stop its parts in order; later signals only say that it is stopping.
 *
 * <p>Caveat: uses {@code sun.misc.Signal} (module jdk.unsupported); where the JVM does not
 * let us handle a signal, it keeps its default (shutdown hooks), which is reported on stderr.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void install(Runnable onFirstSignal) {
        AtomicBoolean seen = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (seen.compareAndSet(false, true)) {
                        onFirstSignal.run();
                    } else {
                        System.err.println("gmdb up: already stopping (SIG" + name + " again)");
                    }
                });
            } catch (IllegalArgumentException | LinkageError e) {
                System.err.println("gmdb up: cannot handle SIG" + name + " (" + e.getMessage()
                        + "); it will end the JVM through its shutdown hooks instead");
            }
        }
    }
}
