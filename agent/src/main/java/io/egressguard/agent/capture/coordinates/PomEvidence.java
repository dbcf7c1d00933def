package io.egressguard.agent.capture.coordinates;

import io.egressguard.event.Culprit;
import java.util.List;

/** Coordinates from the {@code META-INF/maven/.../pom.properties} Maven puts in the jars it builds. */
final class PomEvidence {
    private PomEvidence() {
    }

    /**
     * A shaded jar carries the pom.properties of everything it swallowed: take the one whose artifact
     * id the file name starts with (the longest such), else a sole entry; otherwise claim nothing.
     *
     * @param gavs {@code group:artifact:version} of each pom.properties found
     */
    static Coordinates pick(List<String> gavs, String fileName) {
        String best = null;
        for (String gav : gavs) {
            String artifact = gav.split(":")[1];
            if (fileName.startsWith(artifact + "-") || fileName.equals(artifact + ".jar")) {
                if (best == null || artifact.length() > best.split(":")[1].length()) {
                    best = gav;
                }
            }
        }
        if (best == null && gavs.size() == 1) {
            best = gavs.get(0);
        }
        if (best == null) {
            return null;
        }
        String[] p = best.split(":");
        return new Coordinates(p[0], p[1], p[2], classifier(fileName, p[1], p[2]), Culprit.POM);
    }

    /** The classifier the file name adds to the pom's artifact and version (a shadow "-all" jar), else null. */
    private static String classifier(String fileName, String artifact, String version) {
        String c = ArtifactFileName.classifierIn(fileName, artifact, version);
        return c == null || c.isEmpty() ? null : c;
    }
}
