package org.gmdb.jobserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class JobServerMainTest {

    @Test
    void shouldNameAllInterfacesWhenStartedWithoutListen() {
        // the default, as gearmand: every interface; no traffic is sent to it
        try (JobServer server = JobServer.start(JobServerConfig.builder().port(0).build())) {
            assertEquals("*:" + server.port() + " (all interfaces)", JobServerMain.describe(server.localAddress()));
        }
    }

    @Test
    void shouldNameTheAddressItBoundWithListen() {
        try (JobServer server = JobServer.start(JobServerConfig.builder().listen("127.0.0.1").port(0).build())) {
            assertEquals("127.0.0.1:" + server.port(), JobServerMain.describe(server.localAddress()));
        }
    }

    @Test
    void shouldBracketAnIpv6Address() throws UnknownHostException {
        assertEquals("[0:0:0:0:0:0:0:1]:4730",
                JobServerMain.describe(new InetSocketAddress(InetAddress.getByName("::1"), 4730)));
        assertEquals("*:4730 (all interfaces)",
                JobServerMain.describe(new InetSocketAddress(InetAddress.getByName("::"), 4730)));
    }
}
