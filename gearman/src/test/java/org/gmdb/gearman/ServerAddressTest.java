package org.gmdb.gearman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void shouldParseHostAndPort() {
        assertEquals(new ServerAddress("gm1.example", 4731), ServerAddress.parse("gm1.example:4731"));
    }

    @Test
    void shouldDefaultToPort4730() {
        assertEquals(new ServerAddress("127.0.0.1", 4730), ServerAddress.parse("127.0.0.1"));
    }

    @Test
    void shouldParseBracketedIpv6() {
        ServerAddress address = ServerAddress.parse("[::1]:4732");

        assertEquals(new ServerAddress("::1", 4732), address);
        assertEquals("[::1]:4732", address.toString());
    }

    @Test
    void shouldParseAListSeparatedByCommasAndSpaces() {
        assertEquals(List.of(new ServerAddress("a", 1), new ServerAddress("b", 4730), new ServerAddress("c", 3)),
                ServerAddress.parseList(" a:1, b  c:3 "));
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("a:70000"));

        assertEquals("port 70000 (expected: 1 to 65535)", e.getMessage());
    }

    @Test
    void shouldRefuseAPortThatIsNotANumber() {
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("a:http"));
    }
}
