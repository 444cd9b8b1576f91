package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_ALL;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_ALL;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.PRE_SLEEP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_EPOCH;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_REDUCE_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_REDUCE_JOB_BACKGROUND;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.PeerOptions;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/**
 * Epoch (scheduled) and reduce jobs (reference 3.8, 1.4 notes on 37/38): cases 66-68. Our
 * server wakes sleeping workers when an epoch job falls due (gearmand 1.1.20 has no timer),
 * and a future job never blocks lower levels.
 */
class EpochAndReduceIT {

    @Test
    void shouldWakeSleepingWorkerWhenEpochJobFallsDue() {   // case 66 (ours); gearmand as control
        Differential.run("case66-epoch-control", true, PeerOptions.DEFAULT, s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            w.send(CAN_DO, "f").send(PRE_SLEEP).sync();
            c.send(SUBMIT_JOB_EPOCH, "f", "u", Long.toString(nowSeconds() + 30), "d").expect(JOB_CREATED);
            w.expect(NOOP); // gearmand wakes at submission time
            w.send(GRAB_JOB).expect(NO_JOB);
            assertEquals(List.of("f\t1\t0\t1"), s.open("A").adminList("status"));
        });
        Differential.expectOnOurs("case66-epoch-timer", PeerOptions.DEFAULT, s -> {
            Session w = s.open("W");
            Session c = s.open("C");
            w.send(CAN_DO, "f").send(PRE_SLEEP).sync();
            long due = nowSeconds() + 2;
            String h = c.send(SUBMIT_JOB_EPOCH, "f", "u", Long.toString(due), "d").expect(JOB_CREATED).text(0);
            w.poll(100).ifPresent(early -> assertEquals(NOOP, early.type(), "before due: " + early));
            w.send(GRAB_JOB).expect(NO_JOB);
            w.send(PRE_SLEEP);
            Optional<Packet> wake = w.poll(due * 1000 - System.currentTimeMillis() + 1_000 + 500);
            long at = System.currentTimeMillis();
            assertTrue(wake.isPresent(), "no NOOP within 1 s after the due time");
            assertEquals(NOOP, wake.get().type());
            assertTrue(at >= due * 1000 - 100, "woken " + (due * 1000 - at) + " ms before the due time");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
        });
    }

    @Test
    void shouldNotLetFutureEpochJobBlockLowerLevels() {   // section 7 deviation; gearmand blocks (3.8)
        Differential.compare("epoch-does-not-block-low", s -> {
            Session c = s.open("C");
            c.send(SUBMIT_JOB_EPOCH, "f", "later", Long.toString(nowSeconds() + 60), "future").expect(JOB_CREATED);
            String low = c.send(SUBMIT_JOB_LOW_BG, "f", "low", "now").expect(JOB_CREATED).text(0);
            Session w = s.open("W").send(CAN_DO, "f");
            s.unrecorded(() -> {
                if (s.isOurs()) {
                    w.send(GRAB_JOB).expect(JOB_ASSIGN, low, "f", "now");
                } else {
                    w.send(GRAB_JOB).expect(NO_JOB);
                }
            });
        });
    }

    @Test
    void shouldRunEpochJobAtOnceWhenDueTimeIsPastOrZero() {   // case 67
        Differential.compare("case67-epoch-past", s -> {
            Session c = s.open("C");
            String h0 = c.send(SUBMIT_JOB_EPOCH, "f", "z", "0", "zero").expect(JOB_CREATED).text(0);
            String hp = c.send(SUBMIT_JOB_EPOCH, "f", "p", Long.toString(nowSeconds() - 100), "past").expect(JOB_CREATED).text(0);
            String hg = c.send(SUBMIT_JOB_EPOCH, "f", "g", "garbage", "garbage time").expect(JOB_CREATED).text(0);
            Session w = s.open("W").send(CAN_DO, "f");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, h0, "f", "zero");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, hp, "f", "past");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, hg, "f", "garbage time");
            w.send(GRAB_JOB).expect(NO_JOB);
        });
    }

    @Test
    void shouldAssignReduceJobWithReducerOnlyToGrabJobAll() {   // case 68
        Differential.compare("case68-reduce", s -> {
            Session c = s.open("C");
            Session w = s.open("W").send(CAN_DO, "f");
            String hr = c.send(SUBMIT_REDUCE_JOB, "f", "u", "reducer", "", "data").expect(JOB_CREATED).text(0);
            String hn = c.send(SUBMIT_JOB, "f", "n", "plain").expect(JOB_CREATED).text(0);
            String hb = c.send(SUBMIT_REDUCE_JOB_BACKGROUND, "f", "b", "r2", "", "bg").expect(JOB_CREATED).text(0);
            String hx = c.send(SUBMIT_REDUCE_JOB, "f", "x", "r3", "", "via grab").expect(JOB_CREATED).text(0);
            w.send(GRAB_JOB_ALL).expect(JOB_ASSIGN_ALL, hr, "f", "u", "reducer", "data");
            w.send(GRAB_JOB_ALL).expect(JOB_ASSIGN_UNIQ, hn, "f", "n", "plain");
            w.send(GRAB_JOB_ALL).expect(JOB_ASSIGN_ALL, hb, "f", "b", "r2", "bg");
            w.send(GRAB_JOB).expect(JOB_ASSIGN, hx, "f", "via grab");
            w.send(GRAB_JOB_UNIQ).expect(NO_JOB);
            w.send(WORK_COMPLETE, hr, "reduced");
            c.expect(WORK_COMPLETE, hr, "reduced");
        });
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
