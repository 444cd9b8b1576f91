package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.Test;

class ReadDescriptionsTest {

    private static final String ALICE = "alice@example.com";

    @Test
    void shouldNameEachKindOfReadByItsUserAndMailbox() {
        UUID id = UUID.fromString("019ad0a4-4c2e-7c31-9b7e-3f2d0c1e5a77");

        assertEquals("listing the mailboxes of alice@example.com",
                ReadDescriptions.of(new QueryRequest.ListMailboxes(ALICE)));
        assertEquals("listing mailbox 'INBOX' of alice@example.com",
                ReadDescriptions.of(new QueryRequest.ListMessages(ALICE, "INBOX", Sort.DATE, true, 51, null)));
        assertEquals("fetching message 019ad0a4-4c2e-7c31-9b7e-3f2d0c1e5a77 of alice@example.com",
                ReadDescriptions.of(new QueryRequest.FetchMessage(ALICE, id)));
        assertEquals("counting the messages of alice@example.com in mailbox 'Sent'",
                ReadDescriptions.of(new QueryRequest.Counts(ALICE, "Sent")));
        assertEquals("searching the mail of alice@example.com in mailbox 'INBOX'", ReadDescriptions.of(
                new QueryRequest.Search(SearchCriteria.ofUser(ALICE).withMailbox("INBOX"), Sort.DATE, true, 51)));
        assertEquals("searching every user's mail", ReadDescriptions.of(new QueryRequest.Search(
                new SearchCriteria(null, null, null, null, "invoice", null, null, null, null, null, null, null),
                Sort.DATE, true, 51)));
    }

    @Test
    void shouldCutLongNamesAndHideControlCharacters() {
        String hostile = "evil\u001b[2J\r\n" + "x".repeat(500);

        String shown = ReadDescriptions.of(new QueryRequest.ListMailboxes(hostile));

        assertEquals("listing the mailboxes of evil?[2J??" + "x".repeat(ReadDescriptions.MAX_NAME - 10) + "...", shown);
    }

    @Test
    void shouldNameAnswersByWhatTheyHold() {
        assertEquals("a mailbox list", ReadDescriptions.answer(QueryResponse.MailboxList.class));
        assertEquals("message counts", ReadDescriptions.answer(QueryResponse.CountsResult.class));
    }
}
