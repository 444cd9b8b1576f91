package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.gmdb.gearman.protocol.PacketType;
import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/**
 * Which job a GRAB returns (reference 2.5): FIFO per level within one function (case 25,
 * same as gearmand), and priority across functions (case 26), where our server is global
 * like upstream 2.0 and gearmand 1.1.20 is per function, newest registration first.
 */
class PriorityIT {

    @Test
    void shouldHandOutHighThenNormalThenLowFifoWithinLevel() {   // case 25
        Differential.compare("case25-priority-one-function", s -> {
            Session c = s.open("C");
            submit(c, SUBMIT_JOB_LOW_BG, "f", "low1");
            submit(c, SUBMIT_JOB_BG, "f", "normal1");
            submit(c, SUBMIT_JOB_HIGH_BG, "f", "high1");
            submit(c, SUBMIT_JOB_LOW_BG, "f", "low2");
            submit(c, SUBMIT_JOB_BG, "f", "normal2");
            submit(c, SUBMIT_JOB_HIGH_BG, "f", "high2");
            assertEquals(List.of("f\t2\t2\t2\t0"), s.open("A").adminList("prioritystatus"));
            Session w = s.open("W").send(CAN_DO, "f");
            assertEquals(List.of("high1", "high2", "normal1", "normal2", "low1", "low2"), grabAll(w, 6));
            w.send(GRAB_JOB).expect(NO_JOB);
        });
    }

    @Test
    void shouldPreferHighJobOfAnyFunctionOverLowerLevels() {   // case 26 (deviation, section 7)
        Differential.compare("case26-global-priority", s -> {
            Session c = s.open("C");
            submit(c, SUBMIT_JOB_LOW_BG, "fb", "fb-low");
            submit(c, SUBMIT_JOB_HIGH_BG, "fa", "fa-high");
            submit(c, SUBMIT_JOB_BG, "fa", "fa-normal");
            submit(c, SUBMIT_JOB_HIGH_BG, "fb", "fb-high");
            Session w = s.open("W").send(CAN_DO, "fa").send(CAN_DO, "fb");
            s.unrecorded(() -> {
                List<String> order = grabAll(w, 4);
                assertEquals(s.isOurs()
                        ? List.of("fa-high", "fb-high", "fa-normal", "fb-low")
                        : List.of("fb-high", "fb-low", "fa-high", "fa-normal"), order, "grab order on " + s.server().name());
            });
            w.send(GRAB_JOB).expect(NO_JOB);
        });
    }

    private static void submit(Session c, PacketType type, String function, String data) {
        c.send(type, function, data, data).expect(JOB_CREATED);
    }

    private static List<String> grabAll(Session w, int count) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            data.add(w.send(GRAB_JOB).expect(JOB_ASSIGN).text(2));
        }
        return data;
    }
}
