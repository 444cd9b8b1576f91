package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.gmdb.gearman.Transport;
import org.gmdb.gearman.protocol.Packet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two event loops: connections made one after the other land on different loops, so every
 * packet between this client and worker crosses loops until the worker moves to the client's
 * loop (after {@link NetPeer#MOVE_AFTER} assignments). Nothing may be lost or reordered, over
 * either socket layer: a move is a deregistration from one loop's selector or epoll set and a
 * registration with the other's.
 */
class TwoLoopsIT {

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
    void shouldKeepEveryResultInOrderWhileTheWorkerMovesToItsClientsLoop(Transport transport) throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.ioThreads(2).transport(transport))) {
            RawConnection worker = fx.connect().send(CAN_DO, "f");
            RawConnection client = fx.connect();
            int jobs = NetPeer.MOVE_AFTER * 4;
            for (int i = 1; i <= jobs; i++) {
                String handle = ServerFixture.PREFIX + ":" + i;
                client.send(SUBMIT_JOB, "f", "", "d" + i);
                worker.send(GRAB_JOB);
                Packet assigned = worker.readPacket();
                if (assigned.type() != JOB_ASSIGN) { // the GRAB came first and NO_JOB'd: grab again
                    worker.send(GRAB_JOB);
                    assigned = worker.readPacket();
                }
                assertEquals(RawConnection.res(JOB_ASSIGN, handle, "f", "d" + i), assigned);
                worker.send(WORK_COMPLETE, handle, "r" + i);
                client.expect(JOB_CREATED, handle);
                client.expect(WORK_COMPLETE, handle, "r" + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
    void shouldServeManyPairsAcrossBothLoops(Transport transport) throws IOException {
        try (ServerFixture fx = new ServerFixture(b -> b.ioThreads(2).transport(transport))) {
            int pairs = 6;
            RawConnection[] workers = new RawConnection[pairs];
            RawConnection[] clients = new RawConnection[pairs];
            for (int p = 0; p < pairs; p++) {
                workers[p] = fx.connect().send(CAN_DO, "f" + p);
                clients[p] = fx.connect();
            }
            int n = 1;
            for (int round = 0; round < 40; round++) {
                for (int p = 0; p < pairs; p++) {
                    clients[p].send(SUBMIT_JOB, "f" + p, "", "x");
                    String handle = clients[p].readPacket().text(0);
                    workers[p].send(GRAB_JOB).expect(JOB_ASSIGN, handle, "f" + p, "x");
                    workers[p].send(WORK_COMPLETE, handle, "y" + n);
                    clients[p].expect(WORK_COMPLETE, handle, "y" + n);
                    n++;
                }
            }
        }
    }
}
