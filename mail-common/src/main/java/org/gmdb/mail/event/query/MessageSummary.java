package org.gmdb.mail.event.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * A message as listed or found: its global id, where it is (uid and modseq are the
 * answering replica's), dates in epoch millis, size in bytes, the parsed headers (null
 * when missing or unparseable) and its flags, sorted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageSummary(
        UUID id,
        String user,
        String mailbox,
        Long uid,
        Long modseq,
        long internalDate,
        long size,
        String from,
        String to,
        String subject,
        Long date,
        String messageId,
        List<String> flags) {
}
