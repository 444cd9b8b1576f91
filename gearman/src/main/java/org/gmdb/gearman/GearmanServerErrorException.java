package org.gmdb.gearman;

/** The job server refused a request with an ERROR packet, for example QUEUE_ERROR "Job queue is full". */
public class GearmanServerErrorException extends GearmanException {

    private final String code;
    private final String text;

    public GearmanServerErrorException(ServerAddress server, String request, String code, String text) {
        super(server + " refused " + request + ": ERROR " + code + " " + text);
        this.code = code;
        this.text = text;
    }

    /** The ERROR code as sent, for example {@code QUEUE_ERROR}. */
    public String code() {
        return code;
    }

    public String text() {
        return text;
    }
}
