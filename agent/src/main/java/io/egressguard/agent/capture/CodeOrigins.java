package io.egressguard.agent.capture;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Answers "which jar is this class from, and what are its Maven coordinates", cached per class
 * (a ClassValue, so a class unloads freely) and per jar (pom.properties is read once per jar).
 */
public final class CodeOrigins {
    /**
     * Libraries that only carry calls and have no instrumentation of their own (the instrumented
     * ones name their packages in their module): a vendor SDK that sends through them is the
     * culprit, not they.
     */
    private static final String[] CARRIERS = {
        "retrofit2.", "org.apache.http.", "kotlin.", "kotlinx.",
        "com.google.api.client.http.", "org.asynchttpclient.", "feign.", "io.grpc.", "org.springframework.web.client.",
        "org.springframework.web.reactive.function.client.", "org.springframework.http.client.",
    };

    /** Transport and HTTP libraries' packages, prefixes of class names. */
    private final String[] transportPackages;

    private final ConcurrentMap<String, String> gavByLocation = new ConcurrentHashMap<>();
    private final ClassValue<CodeOrigin> byClass = new ClassValue<CodeOrigin>() {
        @Override
        protected CodeOrigin computeValue(Class<?> type) {
            return lookup(type);
        }
    };

    /** @param instrumented the instrumented libraries' packages */
    public CodeOrigins(List<String> instrumented) {
        List<String> all = new ArrayList<>(instrumented);
        all.addAll(Arrays.asList(CARRIERS));
        transportPackages = all.toArray(new String[0]);
    }

    /** Only the libraries without instrumentation (tests). */
    public CodeOrigins() {
        this(Collections.<String>emptyList());
    }

    public CodeOrigin of(Class<?> type) {
        return byClass.get(type);
    }

    /** Classes of the boot and platform loaders are the JDK's. */
    static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    public boolean isTransport(String className) {
        for (String prefix : transportPackages) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private CodeOrigin lookup(Class<?> type) {
        ProtectionDomain domain = type.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null) {
            return CodeOrigin.UNKNOWN;
        }
        String location = url.toExternalForm();
        Path file = null;
        if ("file".equals(url.getProtocol())) {
            try {
                file = Paths.get(URI.create(location));
                location = file.toString();
            } catch (RuntimeException e) {
                file = null;
            }
        }
        String gav = null;
        if (file != null) {
            final Path jar = file;
            gav = gavByLocation.computeIfAbsent(location, k -> PomProperties.gavOf(jar));
            if (gav.isEmpty()) {
                gav = null;
            }
        }
        return new CodeOrigin(location, gav);
    }
}
