package org.gmdb.jobserver.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gmdb.jobserver.compat.support.ExternalCommand;
import org.gmdb.jobserver.compat.support.PeerOptions;
import org.gmdb.jobserver.compat.support.PeerServer;
import org.gmdb.jobserver.compat.support.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Perl's Gearman::Worker 2.004 sends {@code WORK_COMPLETE}, {@code WORK_DATA} and
 * {@code WORK_WARNING} as the handle alone, without a NUL, when the data is "" or "0". Our
 * server reads that as empty data: the client gets its result and the worker lives on.
 * (gearmand 1.1.20 closes such a worker and hands the job out again, over and over, so it
 * is not run here.)
 */
class EmptyResultIT {

    private static final long RUN_LIMIT_MS = 15_000;

    private static PeerServer ours;
    private ExternalCommand worker;

    @BeforeAll
    static void startServer() {
        ours = Peers.started(false, PeerOptions.DEFAULT);
    }

    @AfterAll
    static void stopServer() {
        if (ours != null) {
            ours.close();
        }
    }

    @BeforeEach
    void startPerlWorker() {
        worker = ExternalCommand.start("perl", ExternalCommand.resource("empty-result-worker.pl"), ours.address());
    }

    @AfterEach
    void stopPerlWorker() {
        worker.close();
    }

    @Test
    void shouldGiveThePerlClientAnEmptyResultForEachJobAndKeepTheWorker() {
        // "0" arrives empty too: the worker sent no data for it
        for (String function : new String[] {"empty", "zero", "empty", "zero"}) {
            ExternalCommand client = perlClient(function);

            assertEquals(0, client.exitCode(), function + client.describeOutput() + "\nworker:" + worker.describeOutput());
            assertEquals("result=[]", client.stdout().strip(), client.describeOutput());
        }
        assertTrue(worker.isAlive(), "worker died" + worker.describeOutput());
    }

    @Test
    void shouldGiveTheGearmanCliClientAnEmptyResult() {
        for (String function : new String[] {"empty", "zero"}) {
            ExternalCommand client = ExternalCommand.run(RUN_LIMIT_MS, "gearman", "-h", ours.host(), "-p",
                    Integer.toString(ours.port()), "-f", function, "x");

            assertEquals(0, client.exitCode(), function + client.describeOutput() + "\nworker:" + worker.describeOutput());
            assertEquals("", client.stdout().strip(), client.describeOutput());
        }
        assertTrue(worker.isAlive(), "worker died" + worker.describeOutput());
    }

    @Test
    void shouldForwardEmptyDataAndWarningThenTheResult() {
        ExternalCommand client = perlClient("empty_updates");

        assertEquals(0, client.exitCode(), client.describeOutput() + "\nworker:" + worker.describeOutput());
        assertEquals("data=[]\nwarning=[]\nresult=[done]", client.stdout().strip(), client.describeOutput());
        assertTrue(worker.isAlive(), "worker died" + worker.describeOutput());
    }

    private static ExternalCommand perlClient(String function) {
        return ExternalCommand.run(RUN_LIMIT_MS, "perl", ExternalCommand.resource("result-client.pl"), ours.address(),
                function);
    }
}
