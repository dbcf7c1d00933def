package io.egressguard.agent.capture;

import io.egressguard.agent.capture.coordinates.JarIdentities;
import io.egressguard.policy.Dependency;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Not a unit test: what a from-rule decision costs before the policy's part. The caller is
 * {@link DeepCaller} in a jar with pom.properties (com.bench:bench-sdk), loaded by a loader of its
 * own as a vendor jar is, calling 20 frames down:
 * <ul>
 * <li>the walk to the culprit plus its dependency, a ClassValue hit (the deciding thread's cost after
 *     a class's first time), with the culprit right below, and with its 20 frames counted as a
 *     transport (no culprit found: the whole stack walked, as on a library's worker thread);</li>
 * <li>a jar's first resolution (opening it, reading pom.properties and the manifest): the small SDK
 *     jar and large jars given as arguments, each in a fresh resolver.</li>
 * </ul>
 * Run (after test-compile): {@code java -cp agent/target/classes:agent/target/test-classes:policy/target/classes:event/target/classes
 * io.egressguard.agent.capture.CallerBench [JAR...]}
 */
public final class CallerBench {
    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        Path jar = sdkJar(Files.createTempDirectory("caller-bench").resolve("bench-sdk-1.0.jar"));
        try (URLClassLoader vendor = new URLClassLoader("vendor", new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            Function<Supplier<Object>, Object> caller = (Function<Supplier<Object>, Object>) vendor.loadClass(DeepCaller.class.getName())
                    .getDeclaredConstructor().newInstance();
            StackCapture app = new StackCapture(64, new CodeOrigins());
            StackCapture worker = new StackCapture(64, new CodeOrigins(Collections.singletonList(DeepCaller.class.getName())));
            Dependency d = (Dependency) caller.apply(() -> app.origins().dependencyOf(app.appCulpritClass()));
            System.out.println("culprit's dependency: " + d);
            System.out.printf("walk + dependency (cache hit), culprit right below: %.2f µs%n", perCall(caller, app, true) / 1000);
            System.out.printf("walk, 20 transport frames, no culprit (a worker): %.2f µs%n", perCall(caller, worker, false) / 1000);
        }
        List<Path> jars = new ArrayList<>();
        jars.add(jar);
        for (String a : args) {
            jars.add(Path.of(a));
        }
        for (Path j : jars) {
            long[] t = new long[21];
            for (int i = 0; i < t.length; i++) {
                String url = j.toUri().toURL().toExternalForm();
                long t0 = System.nanoTime();
                sink = new JarIdentities().of(url).coordinates();
                t[i] = System.nanoTime() - t0;
            }
            long[] warm = Arrays.copyOfRange(t, 1, t.length);
            Arrays.sort(warm);
            System.out.printf("first resolution of %s (%d KiB): %.2f ms the very first time, median %.2f ms (%s)%n", j.getFileName(),
                    Files.size(j) >> 10, t[0] / 1e6, warm[warm.length / 2] / 1e6, sink);
        }
    }

    /** Best of 5 rounds of 200,000 calls, ns per call. */
    private static double perCall(Function<Supplier<Object>, Object> caller, StackCapture stacks, boolean dependency) {
        Supplier<Object> probe = new Supplier<Object>() {
            @Override
            public Object get() {
                Object last = null;
                for (int i = 0; i < 200_000; i++) {
                    Class<?> c = stacks.appCulpritClass();
                    last = dependency && c != null ? stacks.origins().dependencyOf(c) : c;
                }
                return last;
            }
        };
        for (int w = 0; w < 5; w++) {
            sink = caller.apply(probe);
        }
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            sink = caller.apply(probe);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 200_000.0;
    }

    /** DeepCaller's class in a jar whose pom.properties names com.bench:bench-sdk:1.0. */
    private static Path sdkJar(Path file) throws IOException {
        String entry = DeepCaller.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file));
             InputStream in = DeepCaller.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/maven/com.bench/bench-sdk/pom.properties"));
            out.write("groupId=com.bench\nartifactId=bench-sdk\nversion=1.0\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }
}
