package io.egressguard.agent.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a small "vendor SDK" jar in the test: com.acme.telemetry.Telemetry sends a usage report
 * through OkHttp (enqueue) and waits for the callback, packed with the pom.properties a Maven-built
 * jar carries, so the culprit can be named by its coordinates.
 */
final class VendorSdkJar {
    static final String GAV = "com.acme:acme-telemetry:2.3.1";
    static final String CLASS = "com.acme.telemetry.Telemetry";
    private static final String SOURCE = String.join("\n",
            "package com.acme.telemetry;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.TimeUnit;",
            "import okhttp3.*;",
            "public final class Telemetry {",
            "  public static Object track(String url) throws Exception {",
            "    OkHttpClient client = new OkHttpClient();",
            "    byte[] json = \"{\\\"event\\\":\\\"app_opened\\\",\\\"user\\\":\\\"u-1234\\\",\\\"props\\\":{\\\"plan\\\":\\\"pro\\\",\\\"seats\\\":12}}\".getBytes(\"UTF-8\");",
            "    Request r = new Request.Builder().url(url).header(\"Authorization\", \"Bearer sk-test-0123456789\")",
            "        .post(RequestBody.create(MediaType.parse(\"application/json\"), json)).build();",
            "    CompletableFuture<Object> out = new CompletableFuture<Object>();",
            "    client.newCall(r).enqueue(new Callback() {",
            "      public void onFailure(Call call, java.io.IOException e) { out.complete(e); }",
            "      public void onResponse(Call call, Response response) { out.complete(response.code()); response.close(); }",
            "    });",
            "    return out.get(10, TimeUnit.SECONDS);",
            "  }",
            "}", "");

    private VendorSdkJar() {
    }

    static Path build(Path dir, List<Path> okhttpJars) throws IOException {
        Path src = dir.resolve("src/com/acme/telemetry/Telemetry.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = okhttpJars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        int rc = javac.run(null, null, null, "-nowarn", "--release", "11", "-cp", cp, "-d", classes.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException("the vendor SDK did not compile");
        }
        Path jar = dir.resolve("acme-telemetry-2.3.1.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/maven/com.acme/acme-telemetry/pom.properties"));
            OutputStream o = out;
            o.write("groupId=com.acme\nartifactId=acme-telemetry\nversion=2.3.1\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
