package org.gmdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gmdb.bench.Measurements.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementsTest {

    private static final String CASE = "fg 8 pairs, 64 B";

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheMedianOfAnOddAndOfAnEvenCount() {
        assertEquals(new Spread(2, 1, 9, 3), Spread.of(List.of(9.0, 1.0, 2.0)));
        assertEquals(new Spread(2.5, 1, 9, 4), Spread.of(List.of(9.0, 1.0, 2.0, 3.0)));
        assertEquals(0, Spread.of(List.of(Double.NaN)).count());
    }

    @Test
    void shouldTakeEachRatioWithinOneRepeat() throws IOException {
        try (RawResults raw = RawResults.create(dir.resolve("raw.jsonl"))) {
            Measurements m = new Measurements(raw, () -> 0);
            // ours is twice gearmand in repeats 1 and 3 and four times in repeat 2, though its own values vary
            throughput(m, 0, 100, 50);
            throughput(m, 1, 400, 100);
            throughput(m, 2, 20, 10);
            Measurements.Row row = m.rows(Measurements.Kind.RESULT).get(0);
            assertEquals(new Spread(2, 2, 4, 3), row.ratio(Contestant.OURS, Contestant.GEARMAND));
            assertEquals(new Spread(100, 20, 400, 3), row.spread(Contestant.OURS));
            assertEquals(new Measurements.Tally(3, 3), row.metCount());
        }
    }

    @Test
    void shouldWriteEveryMeasurementAsOneJsonLineAndLeaveNanOut() throws IOException {
        Path file = dir.resolve("results/raw.jsonl");
        try (RawResults raw = RawResults.create(file)) {
            Measurements m = new Measurements(raw, () -> 7);
            throughput(m, 0, 100, 50);
            m.result(new Turn(0, 0, Contestant.OURS), CASE, "p99 latency", "ms", Goal.NO_SLOWER, Double.NaN);
            m.failed(new Turn(1, 2, Contestant.GEARMAND), CASE, "gearmand exited with 1");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("{\"record\":\"measurement\",\"elapsed_s\":7,\"repeat\":1,\"turn\":1,\"contestant\":\"ours\","
                + "\"case\":\"fg 8 pairs, 64 B\",\"measure\":\"throughput\",\"unit\":\"jobs/s\",\"value\":100.0}",
                lines.get(0));
        assertTrue(lines.get(2).contains("\"record\":\"failure\"") && lines.get(2).contains("\"repeat\":2"),
                lines.get(2));
    }

    @Test
    void shouldPrintMediansRangesAndTheVerdictInMarkdown() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RawResults raw = RawResults.create(dir.resolve("raw.jsonl"))) {
            Measurements m = new Measurements(raw, () -> 0);
            throughput(m, 0, 1000, 500);
            throughput(m, 1, 4000, 1000);
            throughput(m, 2, 1100, 1000);
            new ResultTable(m, 3).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("| measure | ours | gearmand | ours / gearmand | target | met (repeats) |", lines.get(0));
        assertEquals("| --- | ---: | ---: | ---: | --- | --- |", lines.get(1));
        assertEquals("| fg 8 pairs, 64 B: throughput, jobs/s | 1,100 (1,000..4,000) | 1,000 (500..1,000) "
                + "| 2.00 (1.10..4.00) | ratio >= 1.5 | yes (2/3) |", lines.get(2));
    }

    @Test
    void shouldLeaveTheCellsOfAServerThatDidNotRunACaseBlank() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RawResults raw = RawResults.create(dir.resolve("raw.jsonl"))) {
            Measurements m = new Measurements(raw, () -> 0);
            m.result(new Turn(0, 0, Contestant.OURS_WAITS_OFF), CASE, "throughput", "jobs/s", Goal.FASTER, 900);
            m.result(new Turn(0, 0, Contestant.OURS), "deep", "memory per queued job", "B/job", Goal.HALF_MEMORY, 300);
            m.result(new Turn(0, 1, Contestant.GEARMAND), "deep", "memory per queued job", "B/job",
                    Goal.HALF_MEMORY, 900);
            new ResultTable(m, 1).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("| deep: memory per queued job, B/job | 300 |  | 900 | 0.33 |  | ratio <= 0.5 | yes (1/1) |",
                lines.get(3));
    }

    private static void throughput(Measurements m, int repeat, double ours, double gearmand) {
        m.result(new Turn(repeat, 0, Contestant.OURS), CASE, "throughput", "jobs/s", Goal.FASTER, ours);
        m.result(new Turn(repeat, 1, Contestant.GEARMAND), CASE, "throughput", "jobs/s", Goal.FASTER, gearmand);
    }
}
