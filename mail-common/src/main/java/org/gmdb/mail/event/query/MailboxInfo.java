package org.gmdb.mail.event.query;

/** A listed mailbox; uidvalidity, uidnext and highestModseq are the answering replica's own. */
public record MailboxInfo(String name, long uidvalidity, long uidnext, long highestModseq, long messages, long unseen) {
}
