package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_DATA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.gmdb.gearman.Transport;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker's burst of updates reaches the client whole and in order, whatever their sizes:
 * small packets are gathered into one buffer per flush, large ones get their own, and the two
 * must never overtake each other, on one event loop or handed across two.
 */
class WriteOrderIT {

    /** Around the point where packets stop sharing a buffer, and well past it. */
    private static final int[] SIZES = {0, 10, 4_083, 4_084, 4_095, 4_096, 5_000, 100, 70_000, 3, 16_384, 1};

    @ParameterizedTest(name = "{0}, {1} loop(s)")
    @CsvSource({"EPOLL, 1", "EPOLL, 2", "NIO, 1", "NIO, 2"})
    void shouldDeliverABurstOfMixedSizesInOrder(Transport transport, int loops) throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.transport(transport).ioThreads(loops))) {
            RawConnection worker = fx.connect().send(CAN_DO, "f");
            RawConnection client = fx.connect().send(SUBMIT_JOB, "f", "", "x");
            String handle = client.readPacket().text(0);
            worker.send(GRAB_JOB).expect(JOB_ASSIGN, handle, "f", "x");
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            int updates = 60;
            for (int i = 0; i < updates; i++) {
                burst.writeBytes(GearmanEncoder.toBytes(new Packet(Magic.REQ, WORK_DATA, RawConnection.bytes(handle),
                        data(i))));
            }
            burst.writeBytes(GearmanEncoder.toBytes(RawConnection.req(WORK_COMPLETE, handle, "done")));
            worker.write(burst.toByteArray());
            for (int i = 0; i < updates; i++) {
                Packet update = client.readPacket();
                assertEquals(WORK_DATA, update.type(), "update " + i);
                assertArrayEquals(data(i), update.field(1), "update " + i);
            }
            client.expect(WORK_COMPLETE, handle, "done");
        }
    }

    /** Update {@code i}: its size from the list, every byte telling which update it belongs to. */
    private static byte[] data(int i) {
        byte[] data = new byte[SIZES[i % SIZES.length]];
        Arrays.fill(data, (byte) ('a' + i % 26));
        return data;
    }
}
