package io.egressguard.agent.capture.coordinates;

/**
 * Recognises a well-known library's package moved under another one by shading
 * ({@code com.vendor.shaded.okhttp3.OkHttpClient}): the class then belongs to the jar that ships
 * it, and the record says which library it is a copy of. The list holds libraries commonly
 * relocated into SDKs, by names specific enough not to occur as an ordinary package segment.
 */
public final class RelocatedPackages {
    private static final String[] LIBRARIES = {
        "okhttp3", "okio", "retrofit2", "com.squareup", "com.google.gson", "com.google.common", "com.google.protobuf",
        "com.fasterxml.jackson", "io.netty", "org.apache.http", "org.apache.hc", "org.apache.commons", "io.grpc",
        "org.slf4j", "net.bytebuddy", "org.objectweb.asm", "io.opentelemetry", "org.eclipse.jetty", "kotlinx.coroutines",
    };

    private RelocatedPackages() {
    }

    /**
     * The relocated package as {@code className} has it ({@code com.vendor.shaded.okhttp3}), or
     * null when the class sits in no well-known library's package, or in one at its own place.
     */
    public static String of(String className) {
        for (String library : LIBRARIES) {
            int at = className.indexOf('.' + library + '.');
            if (at > 0) {
                return className.substring(0, at + 1 + library.length());
            }
        }
        return null;
    }
}
