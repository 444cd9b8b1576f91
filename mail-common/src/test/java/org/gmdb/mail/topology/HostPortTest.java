package org.gmdb.mail.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void shouldParseNamesAddressesAndBracketedIpv6() {
        assertEquals(new HostPort("127.0.0.1", 4730), HostPort.parse(" 127.0.0.1:4730 "));
        assertEquals(new HostPort("jobserver-1", 4730), HostPort.parse("jobserver-1:4730"));
        assertEquals(new HostPort("::1", 4730), HostPort.parse("[::1]:4730"));
        assertEquals("[::1]:4730", HostPort.parse("[::1]:4730").toString());
        assertEquals("127.0.0.1:4730", new HostPort("127.0.0.1", 4730).toString());
    }

    @Test
    void shouldRejectWhatIsNotHostColonPort() {
        assertEquals("'::1:4730' is not host:port (expected: an IPv6 address in brackets, e.g. [::1]:4730)",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:4730")).getMessage());
        assertEquals("'h:0' is not host:port: port 0 (expected: 1..65535)",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:0")).getMessage());
        assertEquals("':4730' is not host:port (expected e.g. 127.0.0.1:4730)",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":4730")).getMessage());
        assertEquals("'h:' is not host:port (expected e.g. 127.0.0.1:4730)",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:")).getMessage());
    }
}
