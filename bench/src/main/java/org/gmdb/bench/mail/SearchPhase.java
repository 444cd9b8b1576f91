package org.gmdb.bench.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.mailclient.MailClient;
import org.gmdb.mailclient.SearchResult;

/**
 * The cross-user search of the benchmark, run through {@link MailClient}'s fan-out: subject
 * contains {@value SyntheticMail#SEARCH_WORD}, newest Date: first, {@value #LIMIT} results;
 * one search at a time, so each latency is one whole map (every shard) and reduce (merge).
 * Every answer is checked against the top {@value #LIMIT} computed from the corpus itself.
 *
 * <p>Caveat: the same query repeats, so after the warm-up the shards answer from MariaDB's
 * buffer pool and OS cache as far as the data fits; the first, cold searches are not counted.
 */
final class SearchPhase {

    static final int LIMIT = 50;
    static final int WARMUP = 3;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    /**
     * @param latencies  per measured search that gave the right answer
     * @param wrong      searches that were incomplete, failed, or differed from the expected answer
     * @param firstProblem the first of those, or null
     */
    record Result(Latencies latencies, int wrong, String firstProblem) {
    }

    private SearchPhase() {
    }

    static SearchCriteria criteria() {
        return new SearchCriteria(null, null, null, null, SyntheticMail.SEARCH_WORD, null, null, null, null, null, null,
                null);
    }

    /** The ids the search must return for a corpus of {@code count} messages: the newest matching first. */
    static List<UUID> expectedTop(int count) {
        List<UUID> out = new ArrayList<>(LIMIT);
        for (long i = count - 1; i >= 0 && out.size() < LIMIT; i--) {
            if (SyntheticMail.subject(i).contains(SyntheticMail.SEARCH_WORD)) {
                out.add(SyntheticMail.corpusId(i));
            }
        }
        return out;
    }

    /** How many corpus messages match the search. */
    static int matching(int count) {
        int n = 0;
        for (long i = 0; i < count; i++) {
            n += SyntheticMail.subject(i).contains(SyntheticMail.SEARCH_WORD) ? 1 : 0;
        }
        return n;
    }

    /**
     * {@value #WARMUP} unmeasured searches, then {@code repeats} measured ones, one at a
     * time; stops early once {@code maxSeconds} have passed and {@code minRepeats} were measured.
     */
    static Result run(MailClient client, int corpus, int repeats, int minRepeats, int maxSeconds) {
        List<UUID> expected = expectedTop(corpus);
        Latencies latencies = new Latencies();
        int wrong = 0;
        String firstProblem = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        for (int n = 0; n < WARMUP + repeats; n++) {
            if (n >= WARMUP + minRepeats && System.nanoTime() > deadline) {
                break;
            }
            long t0 = System.nanoTime();
            String problem;
            try {
                SearchResult result = client.search(criteria(), Sort.DATE, true, LIMIT, DEADLINE).join();
                long took = System.nanoTime() - t0;
                problem = check(result, expected);
                if (n >= WARMUP && problem == null) {
                    latencies.add(took); // a failed shard answers fast; it must not flatter the numbers
                }
            } catch (RuntimeException e) {
                problem = "search failed: " + e;
            }
            if (problem != null) {
                wrong++;
                firstProblem = firstProblem == null ? problem : firstProblem;
            }
        }
        return new Result(latencies, wrong, firstProblem);
    }

    private static String check(SearchResult result, List<UUID> expected) {
        if (!result.complete()) {
            return result.describeMissing();
        }
        List<UUID> got = result.messages().stream().map(MessageSummary::id).toList();
        if (!got.equals(expected)) {
            return "got " + got.size() + " messages, first " + (got.isEmpty() ? "-" : got.get(0)) + " (expected: "
                    + expected.size() + ", first " + (expected.isEmpty() ? "-" : expected.get(0)) + ")";
        }
        return null;
    }
}
