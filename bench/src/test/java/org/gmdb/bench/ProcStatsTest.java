package org.gmdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void shouldReadVmRssInBytes() {
        String status = "Name:\tgearmand\nVmPeak:\t  300000 kB\nVmRSS:\t   10852 kB\nThreads:\t6\n";
        assertEquals(10852L * 1024, ProcStats.parseRssBytes(status));
    }

    @Test
    void shouldAddUserAndSystemTicksWhenTheCommandHoldsSpacesAndParens() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 30 0 999";
        assertEquals(1234 + 56, ProcStats.parseCpuTicks(stat));
    }

    @Test
    void shouldRefuseStatusWithoutVmRss() {
        assertThrows(IllegalArgumentException.class, () -> ProcStats.parseRssBytes("Name:\tkthreadd\n"));
    }

    @Test
    void shouldReadThisProcess() {
        long self = ProcessHandle.current().pid();
        assertTrue(ProcStats.rssBytes(self) > 1024 * 1024);
        assertTrue(ProcStats.cpuTicks(self) >= 0);
    }
}
