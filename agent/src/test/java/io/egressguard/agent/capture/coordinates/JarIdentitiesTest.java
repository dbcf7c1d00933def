package io.egressguard.agent.capture.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of evidence, in its order, on jars made in the test; nested jars in both URL forms. */
class JarIdentitiesTest {
    @TempDir
    Path tmp;

    private static String coordinates(Path jar) {
        return coordinates(jar.toUri().toString());
    }

    private static String coordinates(String url) {
        Coordinates c = JarIdentities.resolve(url).coordinates();
        return c == null ? null : c.toString();
    }

    @Test
    void pomPropertiesComeFirst() throws Exception {
        Path jar = TestJars.jar().pom("com.acme:telemetry-sdk:2.1.0").manifest("Implementation-Version", "9.9", "Implementation-Vendor-Id", "org.other")
                .writeTo(tmp.resolve("repository/org/x/telemetry-sdk/2.1.0/telemetry-sdk-2.1.0.jar"));
        assertEquals("pkg:maven/com.acme/telemetry-sdk@2.1.0 (pom)", coordinates(jar));
    }

    @Test
    void ofSeveralPomPropertiesTheOneTheFileIsNamedAfter() throws Exception {
        Path shaded = TestJars.jar().pom("com.squareup.okhttp3:okhttp:3.14.9").pom("com.vendor:vendor-agent:1.0").pom("com.vendor:vendor:0.1")
                .writeTo(tmp.resolve("vendor-agent-1.0.jar"));
        assertEquals("pkg:maven/com.vendor/vendor-agent@1.0 (pom)", coordinates(shaded));
        Path classified = TestJars.jar().pom("com.vendor:vendor-agent:1.0").pom("com.google.code.gson:gson:2.10")
                .writeTo(tmp.resolve("all/vendor-agent-1.0-all.jar"));
        assertEquals("pkg:maven/com.vendor/vendor-agent@1.0?classifier=all (pom)", coordinates(classified));
        Path renamed = TestJars.jar().pom("com.acme:sdk:1.0").writeTo(tmp.resolve("renamed.jar"));
        assertEquals("pkg:maven/com.acme/sdk@1.0 (pom)", coordinates(renamed), "a sole pom.properties names any file");
    }

    @Test
    void severalPomPropertiesNoneNamedAfterTheFileAreNoEvidence() throws Exception {
        Path jar = TestJars.jar().pom("a:x:1").pom("b:y:2").classes("app.Main").writeTo(tmp.resolve("app.jar"));
        assertNull(coordinates(jar));
    }

    @Test
    void thenTheRepositoryPath() throws Exception {
        TestJars gradleBuilt = TestJars.jar().manifest("Implementation-Title", "acme-analytics", "Implementation-Version", "0.0-wrong")
                .classes("com.acme.analytics.Analytics");
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0-beta.1 (repository-path)",
                coordinates(gradleBuilt.writeTo(tmp.resolve("m2/repository/com/acme/acme-analytics/1.4.0-beta.1/acme-analytics-1.4.0-beta.1.jar"))));
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0-beta.1 (repository-path)",
                coordinates(gradleBuilt.writeTo(tmp.resolve("caches/modules-2/files-2.1/com.acme/acme-analytics/1.4.0-beta.1/8a1b2c/acme-analytics-1.4.0-beta.1.jar"))));
    }

    @Test
    void thenTheManifestsImplementationFields() throws Exception {
        Path jar = TestJars.jar().manifest("Implementation-Title", "acme-analytics", "Implementation-Version", "1.4.0-beta.1",
                "Implementation-Vendor-Id", "com.acme", "Automatic-Module-Name", "com.acme.analytics")
                .classes("com.acme.analytics.Analytics").writeTo(tmp.resolve("lib/acme-analytics-1.4.0-beta.1.jar"));
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0-beta.1 (manifest)", coordinates(jar));
    }

    @Test
    void aBundleSymbolicNameOfGroupAndDashedArtifact() throws Exception {
        Path jar = TestJars.jar().manifest("Bundle-SymbolicName", "com.fasterxml.jackson.core.jackson-databind;singleton:=true", "Bundle-Version", "2.17.1",
                "Implementation-Title", "Jackson-databind").writeTo(tmp.resolve("databind.jar"));
        assertEquals(null, coordinates(jar), "a title that is not the bundle's artifact leaves the group unknown");
        Path plain = TestJars.jar().manifest("Bundle-SymbolicName", "com.fasterxml.jackson.core.jackson-databind", "Bundle-Version", "2.17.1")
                .writeTo(tmp.resolve("databind2.jar"));
        assertEquals("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1 (manifest)", coordinates(plain));
    }

    @Test
    void aVendorsOwnFieldsNameTheCoordinatesOutright() throws Exception {
        Path jar = TestJars.jar().manifest("Group-Id", "org.jenkins-ci.plugins", "Short-Name", "git", "Plugin-Version", "5.2.1")
                .writeTo(tmp.resolve("git.jar"));
        assertEquals("pkg:maven/org.jenkins-ci.plugins/git@5.2.1 (manifest)", coordinates(jar));
    }

    @Test
    void aDisplayNameOrAManifestWithoutGroupIsNoManifestEvidence() throws Exception {
        // spring-boot-loader's own manifest: a display title, no vendor id
        Path loader = TestJars.jar().manifest("Implementation-Title", "Spring Boot Loader", "Implementation-Version", "4.0.7",
                "Automatic-Module-Name", "spring.boot.loader").classes("org.springframework.boot.loader.launch.JarLauncher")
                .writeTo(tmp.resolve("loader.jar"));
        assertNull(coordinates(loader));
    }

    @Test
    void lastTheFileNameWithTheGroupFromTheMainPackage() throws Exception {
        Path jar = TestJars.jar().classes("com.acme.analytics.Analytics", "com.acme.analytics.Queue", "com.acme.analytics.internal.Http",
                "org.json.JSONObject").writeTo(tmp.resolve("lib/acme-analytics-1.4.0-beta.1.jar"));
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0-beta.1 (file-name)", coordinates(jar));
        Path classified = TestJars.jar().classes("io.vendor.sdk.Client").writeTo(tmp.resolve("lib/vendor-sdk-3.0-all.jar"));
        assertEquals("pkg:maven/io.vendor/vendor-sdk@3.0?classifier=all (file-name)", coordinates(classified));
        Path module = TestJars.jar().manifest("Automatic-Module-Name", "io.acme.tracking").classes("x.Y")
                .writeTo(tmp.resolve("lib/tracker-2.0.jar"));
        assertEquals("pkg:maven/io.acme.tracking/tracker@2.0 (file-name)", coordinates(module), "the module name is the main package");
    }

    @Test
    void aShadedCopyDoesNotNameTheGroup() throws Exception {
        Path jar = TestJars.jar().classes("com.vendor.sdk.Telemetry", "com.vendor.shaded.okhttp3.OkHttpClient", "com.vendor.shaded.okhttp3.Call",
                "com.vendor.shaded.okhttp3.internal.RealCall", "com.vendor.shaded.okio.Buffer").writeTo(tmp.resolve("lib/vendor-sdk-1.0.jar"));
        assertEquals("pkg:maven/com.vendor/vendor-sdk@1.0 (file-name)", coordinates(jar));
    }

    @Test
    void withNoEvidenceThePathStaysAlone() throws Exception {
        Path noVersion = TestJars.jar().classes("com.acme.App").writeTo(tmp.resolve("lib/app.jar"));
        assertNull(coordinates(noVersion));
        Path onePackage = TestJars.jar().classes("okhttp3.OkHttpClient").writeTo(tmp.resolve("lib/okhttp-4.12.0.jar"));
        assertNull(coordinates(onePackage), "a one-segment package is no group");
        Path noClasses = TestJars.jar().entry("readme.txt", "x").writeTo(tmp.resolve("lib/data-1.0.jar"));
        assertNull(coordinates(noClasses));
        Path notAJar = Files.writeString(tmp.resolve("lib/broken-1.0.jar"), "not a zip");
        assertNull(coordinates(notAJar));
        JarIdentity dir = JarIdentities.resolve(tmp.toUri().toString());
        assertEquals(tmp.toString(), dir.jar());
        assertNull(dir.coordinates());
        assertNull(coordinates(tmp.resolve("missing-1.0.jar")));
    }

    @Test
    void aBrokenJarInARepositoryIsStillNamedByItsPath() throws Exception {
        Path jar = tmp.resolve("repository/com/acme/sdk/1.0/sdk-1.0.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "truncated download");
        assertEquals("pkg:maven/com.acme/sdk@1.0 (repository-path)", coordinates(jar));
    }

    @Test
    void aJarNestedInASpringBootFatJarInBothUrlForms() throws Exception {
        byte[] sdk = TestJars.jar().manifest("Implementation-Title", "acme-analytics", "Implementation-Version", "1.4.0-beta.1",
                "Implementation-Vendor-Id", "com.acme").classes("com.acme.analytics.Analytics").bytes();
        byte[] pommed = TestJars.jar().pom("com.acme:acme-core:2.0").bytes();
        byte[] bare = TestJars.jar().classes("com.acme.util.Strings").bytes();
        Path fat = TestJars.jar().classes("org.springframework.boot.loader.launch.JarLauncher", "BOOT-INF.classes.com.example.App")
                .entry("BOOT-INF/lib/acme-analytics-1.4.0-beta.1.jar", sdk).entry("BOOT-INF/lib/acme-core-2.0.jar", pommed)
                .entry("BOOT-INF/lib/acme-util-0.9.jar", bare).writeTo(tmp.resolve("my app/app.jar"));
        String raw = fat.toUri().getRawPath(); // "my%20app": URLs carry the path encoded

        JarIdentity boot32 = JarIdentities.resolve("jar:nested:" + raw + "/!BOOT-INF/lib/acme-analytics-1.4.0-beta.1.jar!/");
        assertEquals(fat + "!/BOOT-INF/lib/acme-analytics-1.4.0-beta.1.jar", boot32.jar());
        assertEquals(fat.toString(), boot32.archive());
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0-beta.1 (manifest)", boot32.coordinates().toString());

        JarIdentity classic = JarIdentities.resolve("jar:file:" + raw + "!/BOOT-INF/lib/acme-analytics-1.4.0-beta.1.jar!/");
        assertEquals(boot32.jar(), classic.jar());
        assertEquals(fat.toString(), classic.archive());
        assertEquals(boot32.coordinates().toString(), classic.coordinates().toString());

        assertEquals("pkg:maven/com.acme/acme-core@2.0 (pom)", coordinates("jar:nested:" + raw + "/!BOOT-INF/lib/acme-core-2.0.jar!/"));
        assertEquals("pkg:maven/com.acme/acme-util@0.9 (file-name)", coordinates("jar:file:" + raw + "!/BOOT-INF/lib/acme-util-0.9.jar!/"));

        JarIdentity appClasses = JarIdentities.resolve("jar:nested:" + raw + "/!BOOT-INF/classes/!/");
        assertEquals(fat + "!/BOOT-INF/classes/", appClasses.jar());
        assertEquals(fat.toString(), appClasses.archive());
        assertNull(appClasses.coordinates());
        assertNull(JarIdentities.resolve("jar:nested:" + raw + "/!BOOT-INF/lib/missing-1.0.jar!/").coordinates());
    }

    @Test
    void aJarInAWarsLibInTheJdksAndTomcatsUrlForms() throws Exception {
        byte[] sdk = TestJars.jar().pom("com.acme:acme-analytics:1.4.0").bytes();
        Path war = TestJars.jar().entry("WEB-INF/lib/acme-analytics-1.4.0.jar", sdk).writeTo(tmp.resolve("shop.war"));
        String raw = war.toUri().getRawPath();
        JarIdentity jdk = JarIdentities.resolve("jar:file:" + raw + "!/WEB-INF/lib/acme-analytics-1.4.0.jar!/");
        assertEquals(war.toString(), jdk.archive());
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0 (pom)", jdk.coordinates().toString());
        JarIdentity tomcat = JarIdentities.resolve("war:file:" + raw + "*/WEB-INF/lib/acme-analytics-1.4.0.jar");
        assertEquals(war + "!/WEB-INF/lib/acme-analytics-1.4.0.jar", tomcat.jar());
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0 (pom)", tomcat.coordinates().toString());
    }

    @Test
    void aPlainJarUrlIsTheJarItself() throws Exception {
        Path jar = TestJars.jar().pom("com.acme:sdk:1.0").writeTo(tmp.resolve("sdk-1.0.jar"));
        JarIdentity id = JarIdentities.resolve("jar:" + jar.toUri() + "!/");
        assertEquals(jar.toString(), id.jar());
        assertNull(id.archive());
        assertEquals("pkg:maven/com.acme/sdk@1.0 (pom)", id.coordinates().toString());
    }

    @Test
    void anUnknownProtocolIsNamedAsGiven() {
        JarIdentity id = JarIdentities.resolve("vfs:/content/app.war/WEB-INF/lib/sdk-1.0.jar");
        assertEquals("vfs:/content/app.war/WEB-INF/lib/sdk-1.0.jar", id.jar());
        assertNull(id.coordinates());
    }

    @Test
    void eachCodeSourceIsResolvedOnce() throws Exception {
        Path jar = TestJars.jar().pom("com.acme:sdk:1.0").writeTo(tmp.resolve("sdk-1.0.jar"));
        JarIdentities jars = new JarIdentities();
        JarIdentity first = jars.of(jar.toUri().toString());
        Files.delete(jar); // read once: a second ask does not open it again
        assertSame(first, jars.of(jar.toUri().toString()));
        assertEquals("com.acme:sdk:1.0", first.coordinates().gav());
        assertNull(jars.of(null).jar());
    }
}
