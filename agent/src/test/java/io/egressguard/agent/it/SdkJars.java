package io.egressguard.agent.it;

import io.egressguard.agent.itapps.SdkCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * SDK jars built in the test for {@link CoordinatesIT}: a Gradle-built analytics SDK (a manifest,
 * no pom.properties) that posts through HttpURLConnection; the same SDK inside a Spring Boot fat
 * jar with Boot's own launcher; a vendor jar carrying a copy of OkHttp relocated with ASM, as the
 * shade plugin would.
 */
final class SdkJars {
    static final String ANALYTICS = "com.acme.analytics.Analytics";
    static final String ANALYTICS_FILE = "acme-analytics-1.4.0-beta.1.jar";
    static final String ANALYTICS_PURL = "pkg:maven/com.acme/acme-analytics@1.4.0-beta.1";
    static final String VENDOR = "com.vendor.sdk.Uploader";
    static final String VENDOR_GAV = "com.vendor:vendor-sdk:2.0";
    static final String RELOCATED_OKHTTP = "com.vendor.shaded.okhttp3";

    private static final String ANALYTICS_SOURCE = String.join("\n",
            "package com.acme.analytics;",
            "public final class Analytics {",
            "  public static String track(String url) {",
            "    try {",
            "      java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(url).openConnection();",
            "      c.setRequestMethod(\"POST\");",
            "      c.setDoOutput(true);",
            "      c.getOutputStream().write(\"{\\\"event\\\":\\\"app_opened\\\"}\".getBytes(\"UTF-8\"));",
            "      return \"status \" + c.getResponseCode();",
            "    } catch (Exception e) {",
            "      return e.getClass().getName();",
            "    }",
            "  }",
            "}", "");
    private static final String VENDOR_SOURCE = String.join("\n",
            "package com.vendor.sdk;",
            "import okhttp3.*;",
            "public final class Uploader {",
            "  public static String upload(String url) {",
            "    try {",
            "      OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();",
            "      Request r = new Request.Builder().url(url).post(RequestBody.create(MediaType.parse(\"application/json\"), \"{\\\"crash\\\":1}\")).build();",
            "      try (Response response = client.newCall(r).execute()) {",
            "        return \"status \" + response.code();",
            "      }",
            "    } catch (Exception e) {",
            "      return e.getClass().getName() + (e.getCause() != null ? \" caused by \" + e.getCause().getClass().getName() : \"\");",
            "    }",
            "  }",
            "}", "");

    /**
     * The source of a small SDK, class {@code <pkg>.Sdk}, that calls one URL four ways: OkHttp's
     * execute and enqueue, the JDK HttpClient's send and sendAsync. Each returns "status N" or throws
     * what the client reported. The query names the way, so the server can tell them apart.
     */
    private static String twoClientSdk(String pkg) {
        return String.join("\n",
                "package " + pkg + ";",
                "import java.net.URI;",
                "import java.net.http.HttpClient;",
                "import java.net.http.HttpRequest;",
                "import java.net.http.HttpResponse;",
                "import java.util.concurrent.CompletableFuture;",
                "import java.util.concurrent.TimeUnit;",
                "import okhttp3.*;",
                "public final class Sdk {",
                "  private static final OkHttpClient OKHTTP = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();",
                "  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();",
                "  public static String okhttpSync(String url) throws Exception {",
                "    try (Response r = OKHTTP.newCall(new Request.Builder().url(url + \"?via=okhttp-sync\").build()).execute()) {",
                "      return \"status \" + r.code();",
                "    }",
                "  }",
                "  public static String okhttpAsync(String url) throws Exception {",
                "    CompletableFuture<Integer> out = new CompletableFuture<Integer>();",
                "    OKHTTP.newCall(new Request.Builder().url(url + \"?via=okhttp-async\").build()).enqueue(new Callback() {",
                "      public void onFailure(Call call, java.io.IOException e) { out.completeExceptionally(e); }",
                "      public void onResponse(Call call, Response r) { out.complete(r.code()); r.close(); }",
                "    });",
                "    return \"status \" + out.get(20, TimeUnit.SECONDS);",
                "  }",
                "  public static String clientSync(String url) throws Exception {",
                "    HttpRequest r = HttpRequest.newBuilder(URI.create(url + \"?via=client-sync\")).build();",
                "    return \"status \" + CLIENT.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();",
                "  }",
                "  public static String clientAsync(String url) throws Exception {",
                "    HttpRequest r = HttpRequest.newBuilder(URI.create(url + \"?via=client-async\")).build();",
                "    return \"status \" + CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString()).get(20, TimeUnit.SECONDS).statusCode();",
                "  }",
                "}", "");
    }

    private SdkJars() {
    }

    /**
     * A Maven-built SDK jar (its pom.properties names {@code gav}) holding {@code <pkg>.Sdk}, which
     * calls a URL through OkHttp and the JDK HttpClient ({@link #twoClientSdk}).
     */
    static Path twoClientSdkJar(Path file, String gav, String pkg, List<Path> okhttpJars) throws IOException {
        Path classes = compile(file.getParent().resolve(pkg + "-build"), pkg.replace('.', '/') + "/Sdk.java", twoClientSdk(pkg), okhttpJars);
        String[] c = gav.split(":");
        byte[] pom = ("groupId=" + c[0] + "\nartifactId=" + c[1] + "\nversion=" + c[2] + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.getParent());
        return Files.write(file, jar(null, classes, Map.of("META-INF/maven/" + c[0] + "/" + c[1] + "/pom.properties", pom)));
    }

    /** The analytics SDK as Gradle builds it: a manifest naming it, its class, no META-INF/maven. */
    static byte[] gradleBuiltAnalytics(Path work) throws IOException {
        Path classes = compile(work.resolve("analytics"), "com/acme/analytics/Analytics.java", ANALYTICS_SOURCE, List.of());
        Manifest m = manifest("Implementation-Title", "acme-analytics", "Implementation-Version", "1.4.0-beta.1",
                "Implementation-Vendor-Id", "com.acme", "Created-By", "Gradle 8.10");
        return jar(m, classes, Map.of());
    }

    /** The same class in a jar with no manifest at all: only its file name and package are left. */
    static byte[] bareAnalytics(Path work) throws IOException {
        return jar(null, compile(work.resolve("bare"), "com/acme/analytics/Analytics.java", ANALYTICS_SOURCE, List.of()), Map.of());
    }

    /**
     * A Spring Boot fat jar laid out as the Boot plugin repackages one: Boot's loader at the root,
     * the Start-Class (SdkCall) in BOOT-INF/classes, the SDK stored uncompressed in BOOT-INF/lib.
     */
    /**
     * The SDK inside a fat jar that the Spring Boot Maven plugin's own repackager
     * (spring-boot-loader-tools' Repackager, what the plugin's repackage goal runs) makes from an app
     * jar holding {@link SdkCall}: Boot's launcher, BOOT-INF/classes, the SDK in BOOT-INF/lib, its indexes.
     */
    static Path bootRepackagedJar(Path file, byte[] sdk, Path work) throws IOException {
        Files.createDirectories(work);
        Path sdkFile = Files.write(work.resolve(ANALYTICS_FILE), sdk);
        Path app = work.resolve("shop-app.jar");
        String appClass = SdkCall.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app), manifest("Main-Class", SdkCall.class.getName()))) {
            out.putNextEntry(new JarEntry(appClass));
            try (InputStream in = SdkCall.class.getClassLoader().getResourceAsStream(appClass)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        Files.createDirectories(file.getParent());
        org.springframework.boot.loader.tools.Repackager repackager = new org.springframework.boot.loader.tools.Repackager(app.toFile());
        repackager.repackage(file.toFile(), callback -> callback.library(
                new org.springframework.boot.loader.tools.Library(sdkFile.toFile(), org.springframework.boot.loader.tools.LibraryScope.COMPILE)));
        return file;
    }

    /**
     * vendor-sdk-2.0.jar: the vendor's class and OkHttp 3 with Okio, all relocated under
     * com.vendor.shaded (OkHttp's and the vendor's pom.properties kept, as the shade plugin keeps them).
     */
    static Path shadedVendorJar(Path file, List<Path> okhttpJars) throws IOException {
        Path classes = compile(file.getParent().resolve("vendor-build"), "com/vendor/sdk/Uploader.java", VENDOR_SOURCE, okhttpJars);
        Remapper relocate = new Remapper() {
            @Override
            public String map(String internalName) {
                return internalName.startsWith("okhttp3/") || internalName.startsWith("okio/") ? "com/vendor/shaded/" + internalName : internalName;
            }
        };
        Files.createDirectories(file.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            for (Path f : files(classes)) {
                put(out, relocate(Files.readAllBytes(f), relocate));
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Path lib : okhttpJars) {
                try (JarFile jar = new JarFile(lib.toFile())) {
                    for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                        String name = e.getName();
                        if (e.isDirectory() || name.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class")
                                || name.startsWith("META-INF/versions/") || name.startsWith("META-INF/proguard/") || !seen.add(name)) {
                            continue;
                        }
                        byte[] bytes;
                        try (InputStream in = jar.getInputStream(e)) {
                            bytes = in.readAllBytes();
                        }
                        if (name.endsWith(".class")) {
                            put(out, relocate(bytes, relocate));
                        } else {
                            out.putNextEntry(new JarEntry(name.startsWith("META-INF/") ? name : "com/vendor/shaded/" + name));
                            out.write(bytes);
                            out.closeEntry();
                        }
                    }
                }
            }
            String[] gav = VENDOR_GAV.split(":");
            out.putNextEntry(new JarEntry("META-INF/maven/" + gav[0] + "/" + gav[1] + "/pom.properties"));
            out.write(("groupId=" + gav[0] + "\nartifactId=" + gav[1] + "\nversion=" + gav[2] + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }

    /** A class file after relocation: its new entry name and bytes. */
    private record RelocatedClass(String entry, byte[] bytes) {
    }

    private static RelocatedClass relocate(byte[] bytes, Remapper relocate) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassRemapper(writer, relocate), 0);
        return new RelocatedClass(relocate.map(reader.getClassName()) + ".class", writer.toByteArray());
    }

    private static void put(JarOutputStream out, RelocatedClass c) throws IOException {
        out.putNextEntry(new JarEntry(c.entry()));
        out.write(c.bytes());
        out.closeEntry();
    }

    private static Path compile(Path dir, String sourcePath, String source, List<Path> classpath) throws IOException {
        Path src = dir.resolve("src").resolve(sourcePath);
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        int rc = javac.run(null, null, null, "-nowarn", "--release", "11", "-cp", cp.isEmpty() ? "." : cp, "-d", classes.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException(sourcePath + " did not compile");
        }
        return classes;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    private static Manifest manifest(String... keyValues) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.getMainAttributes().putValue(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static byte[] jar(Manifest m, Path classes, Map<String, byte[]> extra) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream out = m == null ? new JarOutputStream(buf) : new JarOutputStream(buf, m)) {
            for (Path f : files(classes)) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return buf.toByteArray();
    }
}
