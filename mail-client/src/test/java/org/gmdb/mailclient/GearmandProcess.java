package org.gmdb.mailclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's gearmand as a child process on a free port of 127.0.0.1 with its in-memory queue,
 * for tests that must pass on any Gearman job server. Caveat: the port is free when picked,
 * not reserved; another process could take it before gearmand binds it.
 */
final class GearmandProcess implements AutoCloseable {

    static final String BINARY = "/usr/sbin/gearmand";

    private final int port;
    private final Process process;

    GearmandProcess() {
        port = freePort();
        List<String> command = List.of(BINARY, "--listen", "127.0.0.1", "--port", Integer.toString(port),
                "--log-file", "none", "--threads", "1");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command + " exited at start with code " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(command + " does not accept connections after 10000 ms");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting gearmand", e);
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
