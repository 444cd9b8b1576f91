package org.gmdb.gearman;

/** No answer within the configured time. The request may still be carried out by the server. */
public class GearmanTimeoutException extends GearmanException {

    public GearmanTimeoutException(String message) {
        super(message);
    }
}
