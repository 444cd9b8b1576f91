package org.gmdb.mailclient;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a raw message before it becomes events: not empty, not over the size limit; and
 * reads its header block with Jakarta Mail for {@link MessageMetadata}. Broken MIME is
 * never refused: the store keeps the bytes exactly as received, whatever their structure.
 *
 * <p>Caveat: only the header block is parsed (up to the first empty line); a body with a
 * broken MIME structure is not even looked at.
 */
public final class MessageInspector {

    /** 50 MiB: above what common MTAs accept by default, below the job server's packet limit. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;

    private final long maxSize;

    public MessageInspector(long maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("max message size " + maxSize + " (expected: >= 1)");
        }
        this.maxSize = maxSize;
    }

    public long maxSize() {
        return maxSize;
    }

    /**
     * Checks the size and reads the headers.
     *
     * @throws MessageTooLargeException if the message is over the limit
     * @throws IllegalArgumentException if it is null or empty
     */
    public MessageMetadata inspect(byte[] raw) {
        checkSize(raw);
        List<String> problems = new ArrayList<>();
        InternetHeaders headers;
        try {
            headers = new InternetHeaders(new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            problems.add("header block unreadable: " + e.getMessage());
            return new MessageMetadata(raw.length, null, null, null, null, problems);
        }
        String from = decoded(headers, "From", problems);
        String subject = decoded(headers, "Subject", problems);
        String messageId = headers.getHeader("Message-ID", null);
        if (messageId == null) {
            problems.add("Message-ID: missing");
        }
        return new MessageMetadata(raw.length, from, subject, messageId == null ? null : messageId.trim(),
                date(headers, problems), problems);
    }

    /** Throws unless {@code raw} is 1..max bytes. */
    public void checkSize(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new IllegalArgumentException("message is empty (0 bytes; expected: at least 1)");
        }
        if (raw.length > maxSize) {
            throw new MessageTooLargeException(raw.length, maxSize);
        }
    }

    private static String decoded(InternetHeaders headers, String name, List<String> problems) {
        String value = headers.getHeader(name, ", ");
        if (value == null) {
            problems.add(name + ": missing");
            return null;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value)).trim();
        } catch (UnsupportedEncodingException | RuntimeException e) {
            problems.add(name + ": undecodable (" + e.getMessage() + "), kept as written");
            return MimeUtility.unfold(value).trim();
        }
    }

    private static Long date(InternetHeaders headers, List<String> problems) {
        String value = headers.getHeader("Date", null);
        if (value == null) {
            problems.add("Date: missing");
            return null;
        }
        try {
            return new MailDateFormat().parse(MimeUtility.unfold(value).trim()).getTime();
        } catch (ParseException | RuntimeException e) {
            problems.add("Date: unparseable '" + Addresses.printable(value.trim()) + "'");
            return null;
        }
    }
}
