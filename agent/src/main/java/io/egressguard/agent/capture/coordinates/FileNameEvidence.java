package io.egressguard.agent.capture.coordinates;

import io.egressguard.event.Culprit;
import java.util.Arrays;
import java.util.List;

/**
 * The weakest evidence: artifact and version from {@code <artifact>-<version>[-<c>].jar}, the group
 * from the jar's main package: its {@code Automatic-Module-Name} (by convention its root package),
 * else the package most of its classes live under. A last segment that repeats a word of the
 * artifact id is dropped ({@code com.acme.analytics} in {@code acme-analytics-1.0.jar} gives
 * {@code com.acme}), as long as two segments remain; a one-segment package gives no group, and so
 * no coordinates rather than made-up ones.
 */
final class FileNameEvidence {
    private FileNameEvidence() {
    }

    /** @param mainPackage the jar's Automatic-Module-Name or main package; null when unknown */
    static Coordinates of(ArtifactFileName name, String mainPackage) {
        if (name == null || mainPackage == null) {
            return null;
        }
        String group = groupOf(mainPackage, name.artifact);
        return group == null ? null : new Coordinates(group, name.artifact, name.version, name.classifier, Culprit.FILE_NAME);
    }

    static String groupOf(String pkg, String artifact) {
        String[] segments = pkg.split("\\.");
        if (segments.length < 2) {
            return null;
        }
        List<String> words = Arrays.asList(artifact.toLowerCase(java.util.Locale.ROOT).split("[-_.]"));
        if (segments.length > 2 && words.contains(segments[segments.length - 1].toLowerCase(java.util.Locale.ROOT))) {
            return pkg.substring(0, pkg.lastIndexOf('.'));
        }
        return pkg;
    }
}
