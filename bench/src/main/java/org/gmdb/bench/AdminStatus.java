package org.gmdb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a job server's admin protocol ({@code status}) how many jobs a function holds, so the
 * bench can check that a fill really queued every job and a drain really emptied the queue.
 */
final class AdminStatus {

    private AdminStatus() {
    }

    /** The "total" column (queued + running) of {@code function}, 0 when the server does not list it. */
    static long jobsOf(int port, String function) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("status\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            long total = 0;
            for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
                // FUNCTION\tTOTAL\tRUNNING\tAVAILABLE_WORKERS
                String[] columns = line.split("\t");
                if (columns.length >= 2 && columns[0].equals(function)) {
                    total = Long.parseLong(columns[1].trim());
                }
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("admin 'status' on 127.0.0.1:" + port + " failed", e);
        }
    }
}
