package org.gmdb.mail.event.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;

/**
 * What a search matches; every non-null criterion must hold. Text criteria match a
 * case-insensitive substring of the parsed header. Dates are epoch millis, since inclusive,
 * before exclusive: {@code since/before} on the internal date (arrival), {@code sentSince/
 * sentBefore} on the Date: header. A null {@code user} searches every user of the shard.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchCriteria(
        String user,
        String mailbox,
        String from,
        String to,
        String subject,
        String messageId,
        Set<String> flagsSet,
        Set<String> flagsUnset,
        Long since,
        Long before,
        Long sentSince,
        Long sentBefore) {

    public static SearchCriteria ofUser(String user) {
        return new SearchCriteria(user, null, null, null, null, null, null, null, null, null, null, null);
    }

    public SearchCriteria withFrom(String value) {
        return new SearchCriteria(user, mailbox, value, to, subject, messageId, flagsSet, flagsUnset, since, before,
                sentSince, sentBefore);
    }

    public SearchCriteria withSubject(String value) {
        return new SearchCriteria(user, mailbox, from, to, value, messageId, flagsSet, flagsUnset, since, before,
                sentSince, sentBefore);
    }

    public SearchCriteria withMailbox(String value) {
        return new SearchCriteria(user, value, from, to, subject, messageId, flagsSet, flagsUnset, since, before,
                sentSince, sentBefore);
    }

    public SearchCriteria withFlags(Set<String> set, Set<String> unset) {
        return new SearchCriteria(user, mailbox, from, to, subject, messageId, set, unset, since, before,
                sentSince, sentBefore);
    }

    public SearchCriteria withArrival(Long sinceMillis, Long beforeMillis) {
        return new SearchCriteria(user, mailbox, from, to, subject, messageId, flagsSet, flagsUnset, sinceMillis,
                beforeMillis, sentSince, sentBefore);
    }
}
