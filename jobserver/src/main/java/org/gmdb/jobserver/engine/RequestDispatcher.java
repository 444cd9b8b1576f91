package org.gmdb.jobserver.engine;

import org.gmdb.gearman.protocol.GearmanConstants;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;

/**
 * Maps one decoded binary request to an engine call: reads the fields of each packet type
 * (priority and kind of the submissions, the CAN_DO_TIMEOUT value, epoch and cron fields).
 * Types a server must not receive get ERROR INVALID_COMMAND and the connection stays.
 */
public final class RequestDispatcher {

    /** gearmand ignores a CAN_DO_TIMEOUT value longer than this; we answer ERROR. */
    private static final int MAX_TIMEOUT_TEXT = 20;
    private static final long MIN_TIMEOUT_MILLIS = 1000;
    /** Largest epoch whose milliseconds still fit in a long. */
    private static final long MAX_EPOCH = Long.MAX_VALUE / 1000;

    private final JobServerEngine engine;

    public RequestDispatcher(JobServerEngine engine) {
        this.engine = engine;
    }

    public void dispatch(Session session, Packet p) {
        engine.answerWaitingGrab(session);
        if (p.magic() != Magic.REQ) {
            session.send(Replies.INVALID_MAGIC);
            return;
        }
        switch (p.type()) {
            case CAN_DO -> engine.canDo(session, p.field(0), 0);
            case CAN_DO_TIMEOUT -> canDoTimeout(session, p);
            case CANT_DO -> engine.cantDo(session, p.field(0));
            case RESET_ABILITIES -> engine.resetAbilities(session);
            case PRE_SLEEP -> engine.preSleep(session);
            case GRAB_JOB, GRAB_JOB_UNIQ, GRAB_JOB_ALL -> engine.grab(session, p.type());
            case WORK_DATA, WORK_WARNING, WORK_STATUS, WORK_COMPLETE, WORK_FAIL, WORK_EXCEPTION ->
                    engine.workUpdate(session, p);
            case SUBMIT_JOB -> submit(session, p, GearmanConstants.PRIORITY_NORMAL, false);
            case SUBMIT_JOB_BG -> submit(session, p, GearmanConstants.PRIORITY_NORMAL, true);
            case SUBMIT_JOB_HIGH -> submit(session, p, GearmanConstants.PRIORITY_HIGH, false);
            case SUBMIT_JOB_HIGH_BG -> submit(session, p, GearmanConstants.PRIORITY_HIGH, true);
            case SUBMIT_JOB_LOW -> submit(session, p, GearmanConstants.PRIORITY_LOW, false);
            case SUBMIT_JOB_LOW_BG -> submit(session, p, GearmanConstants.PRIORITY_LOW, true);
            case SUBMIT_JOB_EPOCH -> submitEpoch(session, p);
            case SUBMIT_JOB_SCHED -> submitScheduled(session, p);
            case SUBMIT_REDUCE_JOB, SUBMIT_REDUCE_JOB_BACKGROUND ->
                    // function \0 unique \0 reducer \0 aggregator (unused) \0 data
                    engine.submit(session, p.field(0), p.field(1), p.field(4), GearmanConstants.PRIORITY_NORMAL,
                            p.type() == PacketType.SUBMIT_REDUCE_JOB_BACKGROUND, 0, p.field(2));
            case GET_STATUS -> engine.getStatus(session, p.field(0));
            case GET_STATUS_UNIQUE -> engine.getStatusUnique(session, p.field(0));
            case ECHO_REQ -> session.send(Replies.of(PacketType.ECHO_RES, p.field(0)));
            case SET_CLIENT_ID -> engine.setClientId(session, p.field(0));
            case OPTION_REQ -> engine.option(session, p.field(0));
            default -> session.send(Replies.INVALID_COMMAND);
        }
    }

    private void submit(Session session, Packet p, int priority, boolean background) {
        engine.submit(session, p.field(0), p.field(1), p.field(2), priority, background, 0, null);
    }

    // function \0 unique \0 epoch seconds \0 data
    private void submitEpoch(Session session, Packet p) {
        long epoch = CNumbers.signedLong(p.field(2));
        if (epoch == Long.MIN_VALUE || epoch > MAX_EPOCH) {
            session.send(Replies.invalidArguments("epoch '" + JobServerEngine.text(p.field(2))
                    + "' out of range (expected: 0 to " + MAX_EPOCH + ")"));
            return;
        }
        engine.submit(session, p.field(0), p.field(1), p.field(3), GearmanConstants.PRIORITY_NORMAL, true,
                Math.max(0, epoch), null);
    }

    // function \0 unique \0 minute \0 hour \0 day of month \0 month \0 day of week \0 data
    private void submitScheduled(Session session, Packet p) {
        long due;
        try {
            due = CronSchedule.parse(p.text(2), p.text(3), p.text(4), p.text(5), p.text(6)).nextDue(engine.nowMillis());
        } catch (IllegalArgumentException e) {
            session.send(Replies.invalidArguments("SUBMIT_JOB_SCHED: " + e.getMessage()));
            return;
        }
        engine.submit(session, p.field(0), p.field(1), p.field(7), GearmanConstants.PRIORITY_NORMAL, true, due, null);
    }

    // function \0 timeout in milliseconds
    private void canDoTimeout(Session session, Packet p) {
        byte[] text = p.field(1);
        if (text.length > MAX_TIMEOUT_TEXT) {
            session.send(Replies.invalidArguments("CAN_DO_TIMEOUT value of " + text.length + " characters (expected: <= "
                    + MAX_TIMEOUT_TEXT + ")"));
            return;
        }
        long millis = CNumbers.signedLong(text);
        if (millis == Long.MIN_VALUE || millis <= 0) {
            millis = 0;
        } else if (millis < MIN_TIMEOUT_MILLIS) {
            millis = MIN_TIMEOUT_MILLIS;
        }
        engine.canDo(session, p.field(0), millis);
    }
}
