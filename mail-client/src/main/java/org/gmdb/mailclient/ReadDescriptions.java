package org.gmdb.mailclient;

import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.SearchCriteria;

/**
 * Names reads and answers as a person would, for error messages: "listing mailbox 'INBOX' of
 * alice@example.com", "a mailbox list", never a request record's {@code toString}.
 *
 * <p>Caveat: names come from the caller; each is cut to {@value #MAX_NAME} characters and its
 * control characters are shown as '?', so a hostile name cannot flood or break a terminal.
 */
final class ReadDescriptions {

    static final int MAX_NAME = 100;

    private ReadDescriptions() {
    }

    /** What the read was doing, e.g. "fetching message 0190... of alice@example.com". */
    static String of(QueryRequest request) {
        if (request instanceof QueryRequest.ListMailboxes r) {
            return "listing the mailboxes of " + name(r.user());
        } else if (request instanceof QueryRequest.ListMessages r) {
            return "listing mailbox '" + name(r.mailbox()) + "' of " + name(r.user());
        } else if (request instanceof QueryRequest.FetchMessage r) {
            return "fetching message " + r.message() + " of " + name(r.user());
        } else if (request instanceof QueryRequest.Counts r) {
            return "counting the messages of " + name(r.user())
                    + (r.mailbox() == null ? "" : " in mailbox '" + name(r.mailbox()) + "'");
        } else if (request instanceof QueryRequest.Search r) {
            SearchCriteria c = r.criteria();
            String whose = c == null || c.user() == null ? "every user's mail" : "the mail of " + name(c.user());
            return "searching " + whose + (c == null || c.mailbox() == null ? "" : " in mailbox '" + name(c.mailbox())
                    + "'");
        }
        return "a read";
    }

    /** The kind of an answer, e.g. "a mailbox list". */
    static String answer(Class<? extends QueryResponse> kind) {
        if (kind == QueryResponse.MailboxList.class) {
            return "a mailbox list";
        } else if (kind == QueryResponse.MessageList.class) {
            return "a message list";
        } else if (kind == QueryResponse.FetchedMessage.class) {
            return "a message";
        } else if (kind == QueryResponse.CountsResult.class) {
            return "message counts";
        } else if (kind == QueryResponse.QueryError.class) {
            return "an error";
        }
        return "an answer of an unknown kind";
    }

    private static String name(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = text.length() > MAX_NAME ? text.substring(0, MAX_NAME) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
