package org.gmdb.mailstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's gearmand 1.1.20 as a child process on a free port of 127.0.0.1, in-memory
 * queue. Caveat: the port was free a moment before gearmand binds it (an accepted race).
 */
public final class Gearmand implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/gearmand";

    private final int port;
    private final Process process;

    private Gearmand(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static Gearmand start() {
        int port = freePort();
        List<String> command = List.of(BINARY, "--port", Integer.toString(port), "--listen", "127.0.0.1",
                "--log-file", "none", "--threads", "1");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!isListening(port)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("gearmand exited with " + p.exitValue() + " at start: " + command);
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("gearmand not listening on " + port + " after 10 s");
            }
            Sleep.millis(20);
        }
        return new Gearmand(port, p);
    }

    public int port() {
        return port;
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
