package io.egressguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MavenPurlTest {
    @Test
    void plainCoordinatesNeedNoEncoding() {
        assertEquals("pkg:maven/com.squareup.okhttp3/okhttp@4.12.0", MavenPurl.of("com.squareup.okhttp3", "okhttp", "4.12.0", null));
        assertEquals("pkg:maven/com.acme/sdk@1.2.3-beta.1", MavenPurl.ofGav("com.acme:sdk:1.2.3-beta.1"));
    }

    @Test
    void aClassifierIsAQualifier() {
        assertEquals("pkg:maven/io.netty/netty-transport-native-epoll@4.1.100.Final?classifier=linux-x86_64",
                MavenPurl.of("io.netty", "netty-transport-native-epoll", "4.1.100.Final", "linux-x86_64"));
    }

    @Test
    void charactersOutsideTheUnreservedSetArePercentEncoded() {
        assertEquals("pkg:maven/org.ex/a%20b@1.0%2Bbuild%3A5", MavenPurl.of("org.ex", "a b", "1.0+build:5", null));
        assertEquals("pkg:maven/org.ex/caf%C3%A9@1~rc_2", MavenPurl.of("org.ex", "caf\u00e9", "1~rc_2", null));
    }

    @Test
    void aGavOfAnotherShapeHasNone() {
        assertNull(MavenPurl.ofGav(null));
        assertNull(MavenPurl.ofGav("a:b"));
        assertNull(MavenPurl.ofGav("a::1"));
        assertNull(MavenPurl.ofGav("a:b:c:d"));
    }
}
