package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.SdkCall;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A culprit's coordinates without pom.properties (issue 16), under the packaged agent: a
 * Gradle-built SDK loaded from a Maven repository, Gradle's cache and a flat lib/ folder; the
 * same SDK in a Spring Boot fat jar run with java -jar (Boot 3.2+'s jar:nested: URLs); a vendor
 * jar that ships OkHttp relocated. Each SDK posts to the canary, which the policy denies.
 */
class CoordinatesIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aGradleBuiltSdkIsNamedByItsRepositoryPathOrItsManifestOrItsFileName(Path jdk, @TempDir Path tmp) throws Exception {
        byte[] sdk = SdkJars.gradleBuiltAnalytics(tmp.resolve("build"));
        Path maven = write(tmp.resolve("m2/repository/com/acme/acme-analytics/1.4.0-beta.1/" + SdkJars.ANALYTICS_FILE), sdk);
        Path gradle = write(tmp.resolve("gradle/caches/modules-2/files-2.1/com.acme/acme-analytics/1.4.0-beta.1/3f1c0a9e/" + SdkJars.ANALYTICS_FILE), sdk);
        Path flat = write(tmp.resolve("app/lib/" + SdkJars.ANALYTICS_FILE), sdk);
        Path bare = write(tmp.resolve("bare/lib/" + SdkJars.ANALYTICS_FILE), SdkJars.bareAnalytics(tmp.resolve("build")));

        assertNamed(run(jdk, tmp.resolve("maven"), maven), maven.toString(), null, Culprit.REPOSITORY_PATH);
        assertNamed(run(jdk, tmp.resolve("gradle"), gradle), gradle.toString(), null, Culprit.REPOSITORY_PATH);
        assertNamed(run(jdk, tmp.resolve("flat"), flat), flat.toString(), null, Culprit.MANIFEST);
        assertNamed(run(jdk, tmp.resolve("bare"), bare), bare.toString(), null, Culprit.FILE_NAME);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theSdkInASpringBootFatJarIsNamedAsTheInnerJarWithItsArchive(Path jdk, @TempDir Path tmp) throws Exception {
        // repackaged as the Spring Boot Maven plugin does it, with its own repackager
        Path fat = SdkJars.bootRepackagedJar(tmp.resolve("dist/shop app.jar"), SdkJars.gradleBuiltAnalytics(tmp.resolve("build")),
                tmp.resolve("app"));
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(),
                    "-javaagent:" + ForkedJvm.agentJar() + "=policy=" + Policies.denyCanary(tmp) + ",queue=" + queue,
                    "-jar", fat.toString(), SdkJars.ANALYTICS, "track", url(canary)));
            ForkedJvm.Result r = new ForkedJvm(jdk).exec(cmd);
            assertTrue(String.valueOf(r.result("sdk")).contains("EgressBlockedException"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            assertEquals(0, canary.seen());
            assertNamed(JournalEvents.readAll(queue), fat + "!/BOOT-INF/lib/" + SdkJars.ANALYTICS_FILE, fat.toString(), Culprit.MANIFEST);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aRelocatedOkHttpIsTheVendorJarsAndSaysSo(Path jdk, @TempDir Path tmp) throws Exception {
        List<String> okhttp = ClientLibraries.okhttp();
        Path vendor = SdkJars.shadedVendorJar(tmp.resolve("lib/vendor-sdk-2.0.jar"), ClientLibraries.jars(okhttp.get(0)));
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk).classpath(vendor).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .run(SdkCall.class.getName(), SdkJars.VENDOR, "upload", url(canary));
            // A relocated OkHttp is not hooked at its API: the socket backstop refuses it, and OkHttp
            // rethrows that as its own ConnectException, ours as the cause.
            assertTrue(String.valueOf(r.result("sdk")).contains("EgressBlockedException"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            assertEquals(0, canary.seen());
            List<Event> events = attempts(JournalEvents.readAll(queue));
            assertFalse(events.isEmpty(), r.toString());
            for (Event e : events) {
                assertTrue(e.culprit.frame.startsWith(SdkJars.RELOCATED_OKHTTP + "."), e.culprit.frame);
                assertEquals(vendor.toString(), e.culprit.jar);
                assertEquals(SdkJars.VENDOR_GAV, e.culprit.gav, "the vendor's pom.properties, not OkHttp's it also carries");
                assertEquals("pkg:maven/com.vendor/vendor-sdk@2.0", e.culprit.purl);
                assertEquals(Culprit.POM, e.culprit.evidence);
                assertEquals(SdkJars.RELOCATED_OKHTTP, e.culprit.relocated);
                assertNull(e.culprit.archive);
            }
        }
    }

    private static List<Event> run(Path jdk, Path dir, Path sdk) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = dir.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk).classpath(sdk).agentArgs("policy=" + Policies.denyCanary(dir) + ",queue=" + queue)
                    .run(SdkCall.class.getName(), SdkJars.ANALYTICS, "track", url(canary));
            assertTrue(String.valueOf(r.result("sdk")).contains("EgressBlockedException"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            assertEquals(0, canary.seen());
            return JournalEvents.readAll(queue);
        }
    }

    private static void assertNamed(List<Event> all, String jar, String archive, String evidence) {
        List<Event> events = attempts(all);
        assertEquals(1, events.size(), "one attempt, one record: " + events);
        Culprit c = events.get(0).culprit;
        assertEquals("http-urlconnection", events.get(0).api);
        assertTrue(c.frame.startsWith(SdkJars.ANALYTICS + ".track("), c.frame);
        assertEquals(jar, c.jar);
        assertEquals(archive, c.archive);
        assertEquals("com.acme:acme-analytics:1.4.0-beta.1", c.gav, jar);
        assertEquals(SdkJars.ANALYTICS_PURL, c.purl, jar);
        assertEquals(evidence, c.evidence, jar);
        assertNull(c.relocated);
    }

    /** The records of attempts (a drop-count record stands for none). */
    private static List<Event> attempts(List<Event> all) {
        return all.stream().filter(e -> e.count > 0).collect(Collectors.toList());
    }

    private static String url(CanaryServer canary) {
        return "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
    }

    private static Path write(Path file, byte[] bytes) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }
}
