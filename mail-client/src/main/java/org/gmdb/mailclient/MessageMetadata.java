package org.gmdb.mailclient;

import java.util.List;

/**
 * What the client read from a message's header block, for the caller's logs and receipts;
 * never used to change the stored bytes or to refuse a message. Fields are null when the
 * header is missing or cannot be parsed; {@code problems} says which.
 *
 * @param size      the message size in bytes, as stored
 * @param from      the From: header, RFC 2047 words decoded
 * @param subject   the Subject: header, decoded
 * @param messageId the Message-ID: header as written
 * @param date      the Date: header in epoch millis
 * @param problems  what could not be parsed, e.g. "Date: unparseable 'yesterday'"
 */
public record MessageMetadata(long size, String from, String subject, String messageId, Long date,
        List<String> problems) {

    public MessageMetadata {
        problems = List.copyOf(problems);
    }
}
