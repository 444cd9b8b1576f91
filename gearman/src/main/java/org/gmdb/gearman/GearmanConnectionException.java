package org.gmdb.gearman;

/**
 * No job server could take the request, or the connection carrying it was lost before its
 * answer arrived. Whether the job ran is unknown; callers retry (our jobs are idempotent).
 */
public class GearmanConnectionException extends GearmanException {

    public GearmanConnectionException(String message) {
        super(message);
    }

    public GearmanConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
