package org.gmdb.gearman.codec;

import io.netty.handler.codec.DecoderException;
import org.gmdb.gearman.protocol.ErrorCode;

/**
 * Input that cannot be framed or parsed: bad magic, unknown type, a size over the limit, a
 * packet missing the NULs its type needs, a text line that is too long. The stream can no
 * longer be trusted, so whoever catches it answers ERROR (with {@link #code()}) and closes.
 */
public class GearmanCodecException extends DecoderException {

    private final ErrorCode code;

    public GearmanCodecException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
