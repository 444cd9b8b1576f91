package org.gmdb.gearman.protocol;

/** The ERROR packet codes gearmand 1.1 sends, each with the text it puts beside it. */
public enum ErrorCode {
    INVALID_MAGIC("Request magic expected"),
    INVALID_COMMAND("Command not expected"),
    ARGUMENT_TOO_LARGE("Unique value too large"),
    QUEUE_ERROR("Job queue is full"),
    UNKNOWN_OPTION("Server does not recognize given option"),
    JOB_NOT_FOUND("Job given in work result not found"),
    /** Not a gearmand code: the packet could not be parsed, and the connection closes. */
    INVALID_PACKET("Malformed packet");

    private final String defaultText;

    ErrorCode(String defaultText) {
        this.defaultText = defaultText;
    }

    public String defaultText() {
        return defaultText;
    }
}
