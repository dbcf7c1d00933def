package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FrameStringsTest {

    @Test
    void printsAFrameAsItsToStringDoesAndOnceOnly() {
        StackTraceElement[] trace = new Throwable().getStackTrace(); // this class, JUnit's, java.base's
        assertTrue(trace.length > 10);
        for (StackTraceElement e : trace) {
            String printed = FrameStrings.of(e);
            assertEquals(e.toString(), printed);
            assertSame(printed, FrameStrings.of(e), "remembered");
        }
        StackTraceElement[] again = new Throwable().getStackTrace();
        assertSame(FrameStrings.of(trace[trace.length - 1]), FrameStrings.of(again[again.length - 1]),
                "an equal frame of another trace");
    }

    @Test
    void theTableIsBounded() {
        for (int i = 0; i < FrameStrings.MAX_FRAMES + 100; i++) {
            StackTraceElement e = new StackTraceElement("com.example.Generated" + i, "run", "Generated.java", i);
            assertEquals(e.toString(), FrameStrings.of(e));
            assertTrue(FrameStrings.size() <= FrameStrings.MAX_FRAMES);
        }
    }

    @Test
    void aRememberedFrameKeepsNoClassLoaderAlive() throws Exception {
        WeakReference<ClassLoader> vendor = printFramesOfAVendorLoader();
        for (int i = 0; i < 20 && vendor.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(vendor.get(), "the vendor's loader was collected: its frames, remembered, do not hold it");
    }

    @SuppressWarnings("unchecked")
    private static WeakReference<ClassLoader> printFramesOfAVendorLoader() throws Exception {
        URL classes = StackCaptureTest.DeepCaller.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader vendor = new URLClassLoader("vendor", new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Function<Object[], Object> app = (Function<Object[], Object>) vendor.loadClass(StackCaptureTest.DeepCaller.class.getName())
                .getDeclaredConstructor().newInstance();
        StackTraceElement[] trace = (StackTraceElement[]) app.apply(new Object[] {5, (Supplier<Object>) () -> new Throwable().getStackTrace()});
        int vendorFrames = 0;
        for (StackTraceElement e : trace) {
            String printed = FrameStrings.of(e);
            if (printed.startsWith("vendor//")) {
                vendorFrames++;
            }
        }
        assertTrue(vendorFrames >= 5, "the vendor's frames were printed: " + vendorFrames);
        vendor.close();
        return new WeakReference<>(vendor);
    }
}
