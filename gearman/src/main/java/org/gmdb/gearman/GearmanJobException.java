package org.gmdb.gearman;

/**
 * The job ended with WORK_EXCEPTION; the message is the exception data the worker sent
 * (UTF-8). Only clients that asked for the {@code exceptions} option get these; others see
 * {@link GearmanJobFailedException}.
 */
public class GearmanJobException extends GearmanException {

    private final String handle;
    private final byte[] data;

    public GearmanJobException(String handle, byte[] data) {
        super(new String(data, java.nio.charset.StandardCharsets.UTF_8));
        this.handle = handle;
        this.data = data;
    }

    public String handle() {
        return handle;
    }

    /** The exception data as sent, not a copy. */
    public byte[] data() {
        return data;
    }
}
