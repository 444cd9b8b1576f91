package org.gmdb.gearman;

/**
 * The job ended with WORK_FAIL. A worker's job function throws this to send WORK_FAIL
 * rather than WORK_EXCEPTION.
 */
public class GearmanJobFailedException extends GearmanException {

    private final String handle;

    public GearmanJobFailedException(String handle) {
        super("job " + handle + " failed (WORK_FAIL)");
        this.handle = handle;
    }

    /** A worker-side failure with a reason for the log; the wire carries only WORK_FAIL. */
    public GearmanJobFailedException(String handle, String reason) {
        super("job " + handle + " failed (WORK_FAIL): " + reason);
        this.handle = handle;
    }

    public String handle() {
        return handle;
    }
}
