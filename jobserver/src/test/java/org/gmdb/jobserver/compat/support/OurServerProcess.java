package org.gmdb.jobserver.compat.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our job server as its own JVM ({@code org.gmdb.jobserver.JobServerMain}) on the test
 * classpath: the peer for tests that kill -9 the server or restart it on its MySQL queue.
 * Ready once it prints {@code jobserver listening on 127.0.0.1:PORT}; the first start asks for
 * port 0 and later starts reuse the port it reported.
 *
 * <p>Caveat: a JVM start costs about a second on a busy machine; use
 * {@link OurServerInProcess} where a process is not needed.
 */
public final class OurServerProcess extends ProcessPeer {

    public static final String MAIN_CLASS = "org.gmdb.jobserver.JobServerMain";
    private static final Pattern READY = Pattern.compile("jobserver listening on 127\\.0\\.0\\.1:(\\d+)");

    public OurServerProcess(PeerOptions options) {
        super(options, "ours-process");
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public boolean isGearmand() {
        return false;
    }

    @Override
    protected List<String> command() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // C1 only and the serial collector: a quicker start on two shared cores.
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                "--listen", host(), "--port", Integer.toString(port)));
        if (options.jobRetries() != 0) {
            command.addAll(List.of("--job-retries", Integer.toString(options.jobRetries())));
        }
        if (options.mysqlDatabase() != null) {
            command.addAll(List.of("--queue", "mysql://root@127.0.0.1:3306/" + options.mysqlDatabase()));
        }
        return command;
    }

    @Override
    protected void configure(ProcessBuilder builder) {
        builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    }

    /** Copies the process output to the log on a daemon thread and completes once the ready line passed by. */
    @Override
    protected void awaitReady(Process started, long deadlineNanos) throws IOException, InterruptedException {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(started, ready), "ours-output-" + started.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            port = ready.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no ready line from " + MAIN_CLASS + " pid " + started.pid(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(MAIN_CLASS + " pid " + started.pid() + " ended before its ready line", e.getCause());
        }
    }

    private void pump(Process started, CompletableFuture<Integer> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher matcher = READY.matcher(line);
                if (!ready.isDone() && matcher.find()) {
                    ready.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("output closed, exit " + exitOf(started)));
    }

    private static String exitOf(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
