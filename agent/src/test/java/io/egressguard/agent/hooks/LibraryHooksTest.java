package io.egressguard.agent.hooks;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.instrumentation.Instrumentations;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Weaves the library classes on the test class path (OkHttp 4, Netty 4.1 transport, Netty 4.2's
 * DNS resolver, Reactor Netty 1.3, Vert.x 5, Jetty 12): each library hook must find its method, or
 * a renamed method would silently leave that path unchecked. The forked-JVM tests cover the other
 * versions end to end.
 */
class LibraryHooksTest {
    @Test
    void everyLibraryHookFindsItsMethodInTheVersionOnTheTestClassPath() throws Exception {
        List<String> warnings = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        ClassLoader app = getClass().getClassLoader();
        for (EntryHook hook : Instrumentations.all().hooks()) {
            if (!hook.isAppLoaded()) {
                continue; // HookTransformerTest
            }
            byte[] original;
            try (InputStream in = app.getResourceAsStream(hook.owner() + ".class")) {
                if (in == null) {
                    if (!hook.owner().equals("okhttp3/RealCall")) { // OkHttp 3 is not on the test class path
                        missing.add(hook.name() + ": no class " + hook.className());
                    }
                    continue;
                }
                original = in.readAllBytes();
            }
            HookTransformer t = new HookTransformer(Collections.singletonList(hook), warnings::add, () -> true, () -> { });
            byte[] woven = t.transform(app, hook.owner(), null, null, original);
            if (woven == null || !hook.woven()) {
                missing.add(hook.name() + ": no method " + hook.target());
                continue;
            }
            CheckClassAdapter.verify(new ClassReader(woven), false, new java.io.PrintWriter(new java.io.StringWriter()));
        }
        assertEquals(List.of(), missing);
        assertTrue(warnings.isEmpty(), warnings.toString());
    }
}
