package org.gmdb.jobserver.compat;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GET_STATUS;
import static org.gmdb.gearman.protocol.PacketType.GET_STATUS_UNIQUE;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.STATUS_RES;
import static org.gmdb.gearman.protocol.PacketType.STATUS_RES_UNIQUE;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_STATUS;

import org.gmdb.jobserver.compat.support.Differential;
import org.gmdb.jobserver.compat.support.Session;
import org.junit.jupiter.api.Test;

/** GET_STATUS and GET_STATUS_UNIQUE (reference 2.3), cases 19-24 and 75. */
class StatusIT {

    @Test
    void shouldReportRunningForegroundJobWithLastWorkStatus() {   // cases 19, 20
        Differential.compare("case19-20-get-status-fg", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "0", "0", "0");
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            w.send(WORK_STATUS, h, "1", "4");
            c.expect(WORK_STATUS, h, "1", "4");
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "1", "4");
            w.send(WORK_COMPLETE, h, "r");
            c.expect(WORK_COMPLETE, h, "r");
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "0", "0", "0", "0");
            c.send(GET_STATUS, "H:nowhere:77").expect(STATUS_RES, "H:nowhere:77", "0", "0", "0", "0");
        });
    }

    @Test
    void shouldTrackBackgroundJobFromQueuedToRunningWithStatus() {   // case 21
        Differential.compare("case21-get-status-bg", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB_BG, "f", "", "d").expect(JOB_CREATED).text(0);
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "0", "0", "0");
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "0", "0");
            w.send(WORK_STATUS, h, "5", "10").sync();
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "5", "10");
        });
    }

    @Test
    void shouldSendNothingToBackgroundSubmitterWhenJobCompletes() {   // case 22
        Differential.compare("case22-bg-complete-silent", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB_BG, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            w.send(WORK_STATUS, h, "1", "2").send(WORK_COMPLETE, h, "r").sync();
            c.expectSilence();
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "0", "0", "0", "0");
        });
    }

    @Test
    void shouldCountForegroundListenersInStatusUnique() {   // cases 23, 24
        Differential.compare("case23-24-get-status-unique", s -> {
            Session c1 = s.open("C1");
            Session c2 = s.open("C2");
            Session w = s.open("W");
            String h = c1.send(SUBMIT_JOB, "f", "u", "d").expect(JOB_CREATED).text(0);
            c2.send(SUBMIT_JOB, "f", "u", "d").expect(JOB_CREATED, h);
            c1.send(GET_STATUS_UNIQUE, "u").expect(STATUS_RES_UNIQUE, "u", "1", "0", "0", "0", "2");
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            c1.send(GET_STATUS_UNIQUE, "u").expect(STATUS_RES_UNIQUE, "u", "1", "1", "0", "0", "2");
            c1.send(GET_STATUS_UNIQUE, "nope").expect(STATUS_RES_UNIQUE, "nope", "0", "0", "0", "0", "0");
            c1.send(GET_STATUS_UNIQUE, "").expect(STATUS_RES_UNIQUE, "", "0", "0", "0", "0", "0");
            String bg = c1.send(SUBMIT_JOB_BG, "g", "v", "d").expect(JOB_CREATED).text(0);
            c1.send(GET_STATUS_UNIQUE, "v").expect(STATUS_RES_UNIQUE, "v", "1", "0", "0", "0", "0");
            c1.send(GET_STATUS, bg).expect(STATUS_RES, bg, "1", "0", "0", "0");
        });
    }

    @Test
    void shouldForwardWorkStatusBytesUnchangedAndParseThemAsUnsigned() {   // case 75
        Differential.compare("case75-work-status-atoi", s -> {
            Session c = s.open("C");
            Session w = s.open("W");
            String h = c.send(SUBMIT_JOB, "f", "", "d").expect(JOB_CREATED).text(0);
            w.send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN);
            w.send(WORK_STATUS, h, "abc", "-5");
            c.expect(WORK_STATUS, h, "abc", "-5");
            c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "1", "0", "4294967291");
        });
    }
}
