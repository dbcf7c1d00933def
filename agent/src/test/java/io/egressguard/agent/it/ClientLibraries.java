package io.egressguard.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The client library versions the forked apps run against, each a folder under target/it-libs that
 * agent/pom.xml fills (one version per folder, so an app sees exactly one).
 */
final class ClientLibraries {
    /** Oldest and newest supported: 3.14 (pre-Kotlin), 4.12 (Kotlin), 5.x (okhttp-jvm). */
    static final List<String> OKHTTP = List.of("okhttp-3.14.9", "okhttp-4.12.0", "okhttp-5.5.1");
    static final List<String> NETTY = List.of("netty-4.1.137.Final", "netty-4.2.18.Final");
    /** Apache HttpClient 5: the oldest and newest checked. */
    static final List<String> APACHE = List.of("httpclient5-5.1.3", "httpclient5-5.6.4");

    private ClientLibraries() {
    }

    /** The jars of one version's folder. */
    static List<Path> jars(String folder) throws IOException {
        Path dir = Paths.get("target/it-libs", folder).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no " + dir + ": run the integration tests through Maven (mvn verify), which copies it");
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        return jars;
    }

    static ForkedJvm withLibrary(ForkedJvm jvm, String folder) throws IOException {
        for (Path jar : jars(folder)) {
            jvm.classpath(jar);
        }
        return jvm;
    }

    /** Every JDK with every version. */
    static Stream<Arguments> matrix(List<String> versions) {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : Jdks.homes()) {
            for (String v : versions) {
                all.add(Arguments.of(jdk, v));
            }
        }
        return all.stream();
    }
}
