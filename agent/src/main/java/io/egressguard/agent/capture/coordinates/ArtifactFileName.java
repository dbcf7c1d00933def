package io.egressguard.agent.capture.coordinates;

import java.util.regex.Pattern;

/**
 * A jar's file name read as {@code <artifact>-<version>[-<classifier>].jar}. Nothing in a file name
 * separates the version from a classifier, so only classifiers that builds commonly attach end a
 * version: a suffix such as {@code -beta.1} or {@code -SNAPSHOT} stays part of it.
 */
final class ArtifactFileName {
    /** sources, shadow's "all", OS-and-architecture natives (Netty's, gRPC's), JDK-targeted builds. */
    private static final Pattern CLASSIFIER = Pattern.compile(
            "sources|javadoc|tests|test-fixtures|all|shaded|uber|nodeps|no-deps|standalone|bin|jdk\\d+|java\\d+"
                    + "|(linux|osx|windows|macos|freebsd)-[a-z0-9_]+(-[a-z0-9_]+)?|natives-[a-z0-9_-]+");

    final String artifact;
    final String version;
    /** Null when the name carries none. */
    final String classifier;

    private ArtifactFileName(String artifact, String version, String classifier) {
        this.artifact = artifact;
        this.version = version;
        this.classifier = classifier;
    }

    /** Null when the name is no {@code <artifact>-<version>...jar}: the version starts at the first "-" before a digit. */
    static ArtifactFileName parse(String fileName) {
        if (!fileName.endsWith(".jar")) {
            return null;
        }
        String base = fileName.substring(0, fileName.length() - 4);
        int dash = -1;
        for (int i = 1; i + 1 < base.length(); i++) {
            if (base.charAt(i) == '-' && Character.isDigit(base.charAt(i + 1))) {
                dash = i;
                break;
            }
        }
        if (dash < 0) {
            return null;
        }
        String rest = base.substring(dash + 1);
        String[] parts = rest.split("-", -1);
        // the longest tail that is a known classifier; the version keeps at least its first part
        for (int j = 1; j < parts.length; j++) {
            String tail = String.join("-", java.util.Arrays.asList(parts).subList(j, parts.length));
            if (CLASSIFIER.matcher(tail).matches()) {
                String version = String.join("-", java.util.Arrays.asList(parts).subList(0, j));
                return new ArtifactFileName(base.substring(0, dash), version, tail);
            }
        }
        return new ArtifactFileName(base.substring(0, dash), rest, null);
    }

    /**
     * The classifier of {@code fileName} when it is exactly {@code <artifact>-<version>[-<c>].jar}
     * (a repository's layout names artifact and version, so any tail is a classifier): "" for none,
     * null when the name does not fit.
     */
    static String classifierIn(String fileName, String artifact, String version) {
        String stem = artifact + '-' + version;
        if (!fileName.startsWith(stem) || !fileName.endsWith(".jar")) {
            return null;
        }
        String tail = fileName.substring(stem.length(), fileName.length() - 4);
        if (tail.isEmpty()) {
            return "";
        }
        return tail.length() > 1 && tail.charAt(0) == '-' ? tail.substring(1) : null;
    }
}
