package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import java.lang.StackWalker.StackFrame;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The walk stops at the culprit and the rest of a recorded stack is read from a backtrace: the
 * frames must still be the app's stack as a stack trace prints it, agent frames out, cut at the
 * configured depth. Here the test's own loader plays the agent's (StackCapture's loader), and the
 * "app" is {@link DeepCaller} in a loader of its own, as a vendor jar would be.
 */
class StackCaptureTest {
    private static final int DEPTH = 64;
    private final StackCapture stacks = new StackCapture(DEPTH, new CodeOrigins());

    @ParameterizedTest
    @ValueSource(ints = {3, 40, 100})
    void aRecordedStackIsTheAppsStackAsATraceShowsItCutAtTheDepth(int appFrames) throws Exception {
        Capture c = fromApp(appFrames, () -> {
            CallSite site = stacks.capture();
            return new Capture(site, reference());
        });

        List<String> frames = c.site.frames();
        assertEquals(c.reference, frames);
        assertEquals(Math.min(DEPTH, c.reference.size()), frames.size());
        assertTrue(frames.get(0).startsWith("vendor//" + DeepCaller.class.getName() + ".call("), frames.get(0));
        assertTrue(frames.stream().noneMatch(f -> f.contains(StackCaptureTest.class.getName() + ".")), "the agent's frames are out:\n" + frames);
        assertEquals(frames.get(0), c.site.culprit().frame);
        assertTrue(c.site.culpritIsApp());
    }

    @Test
    void aRepeatKeepsOnlyTheFramesUpToItsCulprit() throws Exception {
        Capture c = fromApp(100, () -> new Capture(stacks.capture(culprit -> true), null));

        List<String> frames = c.site.frames();
        assertEquals(1, frames.size(), frames.toString());
        assertTrue(frames.get(0).startsWith("vendor//" + DeepCaller.class.getName() + ".call("), frames.get(0));
        assertEquals(DeepCaller.class.getName() + ".call@", c.site.culpritKey().substring(0, c.site.culpritKey().indexOf('@') + 1));
    }

    @Test
    void aFirstRecordWhoseCulpritDidNotFoldStillHasTheWholeStack() throws Exception {
        Capture c = fromApp(100, () -> new Capture(stacks.capture(culprit -> false), reference()));

        assertEquals(c.reference, c.site.frames());
        assertEquals(DEPTH, c.site.frames().size());
    }

    @Test
    void aBlockedAttemptsStackIsReadFromTheExceptionItThrowsAsThrownWhateverTheAppDoesToIt() throws Exception {
        EgressBlockedException[] made = new EgressBlockedException[1];
        int[] asked = new int[1];
        Capture c = fromApp(40, () -> {
            CallSite site = stacks.capture(culprit -> false, () -> {
                asked[0]++;
                made[0] = new EgressBlockedException("telemetry.plane.so", 443, "deny-telemetry", "id-1");
                return made[0];
            });
            return new Capture(site, reference());
        });
        assertEquals(1, asked[0], "the one exception is the backtrace");
        StackTraceElement[] asThrown = made[0].getStackTrace();

        // The app owns the exception: it may replace its trace, or fill it in again where it caught it.
        made[0].setStackTrace(new StackTraceElement[] {new StackTraceElement("Forged", "frame", "Forged.java", 1)});
        assertEquals("Forged", made[0].getStackTrace()[0].getClassName(), "the app's own trace is its to change");
        made[0].fillInStackTrace();

        assertEquals(c.reference, c.site.frames());
        assertArrayEquals(asThrown, made[0].recordedStackTrace());
    }

    @Test
    void aRepeatMakesNoBacktrace() throws Exception {
        int[] asked = new int[1];
        fromApp(40, () -> new Capture(stacks.capture(culprit -> true, () -> {
            asked[0]++;
            return new Throwable();
        }), null));
        assertEquals(0, asked[0]);
    }

    /**
     * What a full walk shows from the capture's caller down, as a trace prints it: reflection frames
     * shown (a backtrace keeps them), the agent's frames (here: this package's in the test loader)
     * left out; JUnit's, below the app, stay.
     */
    private static List<String> reference() {
        ClassLoader agent = StackCaptureTest.class.getClassLoader();
        return StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES))
                .walk(s -> s.filter(f -> !(f.getDeclaringClass().getClassLoader() == agent && f.getClassName().startsWith("io.egressguard.agent.")))
                        .limit(DEPTH).map(StackFrame::toStackTraceElement).map(Object::toString).collect(Collectors.toList()));
    }

    @SuppressWarnings("unchecked")
    private static Capture fromApp(int frames, Supplier<Capture> atTheBottom) throws Exception {
        URL classes = DeepCaller.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader vendor = new URLClassLoader("vendor", new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> caller = vendor.loadClass(DeepCaller.class.getName());
            assertNotSame(DeepCaller.class, caller);
            Function<Object[], Object> app = (Function<Object[], Object>) caller.getDeclaredConstructor().newInstance();
            return (Capture) app.apply(new Object[] {frames, atTheBottom});
        }
    }

    private record Capture(CallSite site, List<String> reference) {
    }

    /** The app: recurses, then calls what it was given. Loaded by its own loader, so no "agent" frame. */
    public static final class DeepCaller implements Function<Object[], Object> {
        @Override
        public Object apply(Object[] args) {
            return call((Integer) args[0], (Supplier<?>) args[1]);
        }

        private Object call(int left, Supplier<?> bottom) {
            return left <= 1 ? bottom.get() : call(left - 1, bottom);
        }
    }
}
