package org.gmdb.gearman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void shouldParseTheNamesOfTheOptionInAnyCase() {
        assertEquals(Transport.AUTO, Transport.of("auto"));
        assertEquals(Transport.EPOLL, Transport.of("EPoll"));
        assertEquals(Transport.NIO, Transport.of(" nio "));
    }

    @Test
    void shouldRefuseAnUnknownNameSayingWhatItTakes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transport.of("kqueue"));
        assertEquals("transport 'kqueue' (expected: auto, epoll or nio)", e.getMessage());
    }

    @Test
    void shouldTakeEpollForAutoWhereItsLibraryLoads() {
        assertEquals(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO, Transport.AUTO.resolve());
    }

    @Test
    void shouldLoadTheNativeLibraryOnTheLinuxMachinesItShipsFor() {
        String arch = System.getProperty("os.arch");
        boolean shipped = System.getProperty("os.name").equals("Linux") && (arch.equals("amd64") || arch.equals("aarch64"));
        assertTrue(!shipped || Epoll.isAvailable(), () -> "epoll not available: " + Epoll.unavailabilityCause());
    }

    @Test
    void shouldKeepNioAsItIs() {
        assertEquals(Transport.NIO, Transport.NIO.resolve());
    }
}
