package org.gmdb.gearman.worker;

import java.nio.charset.StandardCharsets;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/** One function a worker can do, with its optional run limit (CAN_DO_TIMEOUT) and its code. */
record Registration(String function, long timeoutMillis, AsyncJobFunction code) {

    /** CAN_DO, or CAN_DO_TIMEOUT when a limit is set. */
    Packet canDo() {
        byte[] name = function.getBytes(StandardCharsets.UTF_8);
        if (timeoutMillis > 0) {
            return Packet.request(PacketType.CAN_DO_TIMEOUT, name,
                    Long.toString(timeoutMillis).getBytes(StandardCharsets.US_ASCII));
        }
        return Packet.request(PacketType.CAN_DO, name);
    }

    Packet cantDo() {
        return Packet.request(PacketType.CANT_DO, function.getBytes(StandardCharsets.UTF_8));
    }
}
