package io.egressguard.agent.capture;

import io.egressguard.agent.capture.coordinates.JarIdentities;
import io.egressguard.agent.capture.coordinates.RelocatedPackages;
import io.egressguard.policy.Dependency;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Answers "which jar is this class from, and what are its Maven coordinates", cached per class
 * (a ClassValue, so a class unloads freely) and per jar (each jar is read once).
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

    private final JarIdentities jars = new JarIdentities();
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

    /**
     * The dependency {@code type} belongs to, for a policy's {@code from:} rules, or null. Asked on
     * the deciding thread: a ClassValue hit after the class's first time, and its jar is read only
     * once for all its classes ({@link JarIdentities}), ahead of time for the class path when the
     * policy has from-rules ({@link #resolveAhead}).
     */
    public Dependency dependencyOf(Class<?> type) {
        return byClass.get(type).dependency();
    }

    /**
     * Resolves these code sources now (a background thread's work), so that the first from-rule
     * decision for a class from one of them finds its jar already read. A source given differently
     * from how its loader names it is simply resolved again on first use.
     */
    public void resolveAhead(List<String> codeSources) {
        for (String source : codeSources) {
            jars.of(source);
        }
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

    /**
     * The class's code source, resolved through {@link JarIdentities} (once per jar). Called from
     * the journal writer's thread when it completes an event, and, under a policy with from-rules,
     * from the deciding thread for a class met for the first time (its jar most likely resolved
     * ahead: {@link #resolveAhead}).
     */
    private CodeOrigin lookup(Class<?> type) {
        ProtectionDomain domain = type.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null) {
            return CodeOrigin.UNKNOWN;
        }
        return new CodeOrigin(jars.of(url.toExternalForm()), RelocatedPackages.of(type.getName()));
    }
}
