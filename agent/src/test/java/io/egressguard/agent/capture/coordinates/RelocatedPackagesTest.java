package io.egressguard.agent.capture.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RelocatedPackagesTest {
    @Test
    void aLibraryPackageUnderAnotherIsRelocated() {
        assertEquals("com.vendor.shaded.okhttp3", RelocatedPackages.of("com.vendor.shaded.okhttp3.internal.connection.RealCall"));
        assertEquals("io.sentry.shaded.io.netty", RelocatedPackages.of("io.sentry.shaded.io.netty.bootstrap.Bootstrap"));
        assertEquals("org.acme.repackaged.com.google.common", RelocatedPackages.of("org.acme.repackaged.com.google.common.base.Strings"));
    }

    @Test
    void aLibraryAtItsOwnPlaceOrAnOrdinaryPackageIsNot() {
        assertNull(RelocatedPackages.of("okhttp3.OkHttpClient"));
        assertNull(RelocatedPackages.of("io.netty.bootstrap.Bootstrap"));
        assertNull(RelocatedPackages.of("com.acme.analytics.Analytics"));
        assertNull(RelocatedPackages.of("com.acme.okhttp3client.Call"), "a segment that only starts with a library's name");
    }
}
