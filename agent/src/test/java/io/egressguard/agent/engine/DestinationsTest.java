package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DestinationsTest {
    @Test
    void hostOfUsesTheNameTheAddressCarriesWithoutLookingItUp() throws Exception {
        byte[] loop2 = {127, 0, 0, 2};
        assertEquals("tracker.test", Destinations.hostOf(InetAddress.getByAddress("tracker.test", loop2)));
        assertNull(Destinations.hostOf(InetAddress.getByAddress(loop2)));
        assertNull(Destinations.hostOf(InetAddress.getByName("127.0.0.2")));
        byte[] loop6 = new byte[16];
        loop6[15] = 1;
        assertEquals("tracker6.test", Destinations.hostOf(InetAddress.getByAddress("tracker6.test", loop6)));
        assertNull(Destinations.hostOf(InetAddress.getByAddress(loop6)));
        assertNull(Destinations.hostOf(InetAddress.getByName("::1")));
    }

    @Test
    void ipLiteralsAreRecognised() {
        assertTrue(Destinations.isIpLiteral("127.0.0.2"));
        assertTrue(Destinations.isIpLiteral("::1"));
        assertTrue(Destinations.isIpLiteral("[::1]"));
        assertFalse(Destinations.isIpLiteral("api.segment.io"));
        assertFalse(Destinations.isIpLiteral("1password.com"));
    }
}
