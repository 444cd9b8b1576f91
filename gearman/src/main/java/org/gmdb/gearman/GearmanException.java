package org.gmdb.gearman;

/** Base of the exceptions the Gearman client and worker complete futures with. */
public class GearmanException extends RuntimeException {

    public GearmanException(String message) {
        super(message);
    }

    public GearmanException(String message, Throwable cause) {
        super(message, cause);
    }
}
