package org.gmdb.jobserver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.jobserver.queue.PersistentQueue;

/** An engine on a fake clock with helpers to play connections by hand. */
final class EngineFixture {

    static final String PREFIX = "H:test";
    /** 2023-11-14T22:13:20Z, a whole minute. */
    static final long START_MILLIS = 1_700_000_000_000L - 20_000L;

    final FakeClock clock = new FakeClock(START_MILLIS);
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final JobServerEngine engine;
    final RequestDispatcher dispatcher;

    EngineFixture() {
        this(EngineSettings.defaults(PREFIX), null);
    }

    EngineFixture(EngineSettings settings, PersistentQueue queue) {
        engine = new JobServerEngine(settings, clock, scheduler, Runnable::run, queue, null);
        dispatcher = new RequestDispatcher(engine);
    }

    Conn connect() {
        FakePeer peer = new FakePeer();
        return new Conn(engine.connect(peer, "127.0.0.1"), peer);
    }

    static String handle(int n) {
        return PREFIX + ":" + n;
    }

    static Packet res(PacketType type, String... fields) {
        return new Packet(Magic.RES, type, bytes(fields));
    }

    static byte[][] bytes(String... fields) {
        byte[][] out = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            out[i] = fields[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
    }

    /** One fake connection. */
    final class Conn {
        final Session session;
        final FakePeer peer;

        Conn(Session session, FakePeer peer) {
            this.session = session;
            this.peer = peer;
        }

        Conn send(PacketType type, String... fields) {
            dispatcher.dispatch(session, new Packet(Magic.REQ, type, bytes(fields)));
            return this;
        }

        Packet next() {
            return (Packet) peer.next();
        }

        void expect(PacketType type, String... fields) {
            assertEquals(res(type, fields), next());
        }

        void assertNothing() {
            peer.assertNothing();
        }

        /** Submits and returns the handle from JOB_CREATED. */
        String submit(PacketType type, String function, String unique, String data) {
            send(type, function, unique, data);
            Packet created = next();
            assertEquals(PacketType.JOB_CREATED, created.type(), () -> "got " + created);
            return created.text(0);
        }

        /** CAN_DO for each function, then PRE_SLEEP. */
        Conn sleepingWorker(String... functions) {
            for (String f : functions) {
                send(PacketType.CAN_DO, f);
            }
            send(PacketType.PRE_SLEEP);
            return this;
        }

        void disconnect() {
            engine.disconnect(session);
        }
    }
}
