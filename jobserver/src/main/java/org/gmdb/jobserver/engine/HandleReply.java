package org.gmdb.jobserver.engine;

import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * A reply whose only field is a job's handle ({@code JOB_CREATED}), kept as the job's number:
 * the network layer writes the handle's bytes straight into its buffer. Every submission gets
 * one, and a {@link Packet} of its own cost a handle array, a field array and the packet, a
 * third of what a stream of background submissions allocated.
 */
public record HandleReply(PacketType type, Handles handles, long number) {

    public int payloadLength() {
        return handles.length(number);
    }

    /** The same reply as a packet, for whoever wants one (tests, other transports). */
    public Packet toPacket() {
        return Replies.of(type, handles.bytes(number));
    }
}
