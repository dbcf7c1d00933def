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
 * The client libraries the forked apps run against, each a folder under target/it-libs that
 * agent/pom.xml fills (one version per folder, so an app sees exactly one). The pom is the only
 * list of their versions: Failsafe hands the folders to the tests as system properties
 * ({@code egressguard.it.libs*}), and nothing here names a version.
 */
final class ClientLibraries {
    /** One version each: Jetty (JettyIT), Reactor Netty and Vert.x (Netty's own resolver, NettyDnsIT). */
    static final String JETTY = "jetty";
    static final String REACTOR_NETTY = "reactor-netty";
    static final String VERTX = "vertx";
    /** The OpenTelemetry Java agent (OpenTelemetryIT). */
    static final String OTEL = "otel";

    private ClientLibraries() {
    }

    /** OkHttp's folders: 3.14 (pre-Kotlin), 4.12 (Kotlin), 5.x (okhttp-jvm). */
    static List<String> okhttp() {
        return folders("okhttp");
    }

    /** Apache HttpClient 5's folders: the oldest and newest checked. */
    static List<String> apache() {
        return folders("httpclient5");
    }

    /** Netty's folders: 4.1 and 4.2. */
    static List<String> netty() {
        return folders("netty");
    }

    /** target/it-libs: the client folders, and the jars of an app's own older Jackson and Byte Buddy (IsolationIT). */
    static Path root() {
        return Paths.get(property("egressguard.it.libs")).toAbsolutePath();
    }

    /** A folder of target/it-libs. */
    static Path folder(String name) {
        Path dir = root().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no " + dir + ": run the integration tests through Maven (mvn verify), which copies it");
        }
        return dir;
    }

    /** The jars directly in one folder of target/it-libs (or in it-libs itself, for ""). */
    static List<Path> jars(String folder) throws IOException {
        Path dir = folder.isEmpty() ? root() : folder(folder);
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

    /** The version of an app's own copy of a library the agent uses too: "jackson" or "bytebuddy". */
    static String ownVersion(String library) {
        return property("egressguard.it.own." + library);
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

    /** The folders of one library's versions, oldest first, as the pom lists them. */
    private static List<String> folders(String library) {
        return List.of(property("egressguard.it.libs." + library).split(","));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no system property " + name + ": run the integration tests through Maven (mvn verify),"
                    + " whose Failsafe configuration in agent/pom.xml sets it");
        }
        return value.trim();
    }
}
