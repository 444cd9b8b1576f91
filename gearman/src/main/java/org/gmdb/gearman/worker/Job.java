package org.gmdb.gearman.worker;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import org.gmdb.gearman.internal.WireText;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * One job handed to this worker (JOB_ASSIGN_UNIQ): what to do, and the means to report
 * progress to the clients waiting on it. Thread-safe.
 *
 * <p>Caveat: if the connection it came on is gone, the server has already given the job to
 * another worker; reports then go nowhere (see {@link #isConnected()}).
 */
public final class Job {

    private final Channel channel;
    private final byte[] handle;
    private final String function;
    private final String unique;
    private final byte[] data;

    Job(Channel channel, byte[] handle, String function, String unique, byte[] data) {
        this.channel = channel;
        this.handle = handle;
        this.function = function;
        this.unique = unique;
        this.data = data;
    }

    /** The server's handle for the job, for example {@code H:host:42}. */
    public String handle() {
        return WireText.handle(handle);
    }

    public String function() {
        return function;
    }

    /** The unique the client gave (empty when none, or when the server sent JOB_ASSIGN). */
    public String unique() {
        return unique;
    }

    /** The job's data as received, not a copy. */
    public byte[] data() {
        return data;
    }

    /** Whether the connection the job came on is still open. */
    public boolean isConnected() {
        return channel.isActive();
    }

    /** WORK_DATA: a partial result for foreground clients. */
    public void sendData(byte[] partial) {
        send(Packet.request(PacketType.WORK_DATA, handle, partial));
    }

    /** WORK_WARNING: a warning for foreground clients. */
    public void sendWarning(byte[] warning) {
        send(Packet.request(PacketType.WORK_WARNING, handle, warning));
    }

    /** WORK_STATUS: progress, kept by the server for GET_STATUS and forwarded to foreground clients. */
    public void sendStatus(long numerator, long denominator) {
        send(Packet.request(PacketType.WORK_STATUS, handle, WireText.utf8(Long.toString(numerator)),
                WireText.utf8(Long.toString(denominator))));
    }

    ChannelFuture send(Packet packet) {
        return channel.writeAndFlush(packet);
    }

    byte[] handleBytes() {
        return handle;
    }

    @Override
    public String toString() {
        return "job " + handle() + " (" + function + ")";
    }
}
