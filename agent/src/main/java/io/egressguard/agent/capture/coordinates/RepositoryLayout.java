package io.egressguard.agent.capture.coordinates;

import io.egressguard.event.Culprit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Coordinates from where a jar lies: a Maven repository
 * ({@code .../repository/<group path>/<artifact>/<version>/<artifact>-<version>[-<c>].jar}) or
 * Gradle's cache ({@code .../modules-2/files-2.1/<group>/<artifact>/<version>/<sha1>/<artifact>-<version>[-<c>].jar}).
 * Exact: both layouts spell out group, artifact and version, and the file name must agree with them.
 */
final class RepositoryLayout {
    private RepositoryLayout() {
    }

    /** Null when the path is in neither layout. */
    static Coordinates of(Path jar) {
        List<String> names = new ArrayList<>();
        for (Path p : jar.toAbsolutePath().normalize()) {
            names.add(p.toString());
        }
        int n = names.size();
        String file = names.get(n - 1);
        Coordinates gradle = gradle(names, file);
        return gradle != null ? gradle : maven(names, file);
    }

    private static Coordinates gradle(List<String> names, String file) {
        int n = names.size();
        if (n < 7 || !names.get(n - 7).equals("modules-2") || !names.get(n - 6).startsWith("files-2.")) {
            return null;
        }
        return fitting(file, names.get(n - 5), names.get(n - 4), names.get(n - 3));
    }

    private static Coordinates maven(List<String> names, String file) {
        int n = names.size();
        // the group path is everything between the last "repository" and the artifact directory
        for (int r = n - 5; r >= 0; r--) {
            if (names.get(r).equals("repository")) {
                String group = String.join(".", names.subList(r + 1, n - 3));
                String version = names.get(n - 2);
                Coordinates c = fitting(file, group, names.get(n - 3), version);
                if (c == null && version.endsWith("-SNAPSHOT")) {
                    c = snapshot(file, group, names.get(n - 3), version);
                }
                return c;
            }
        }
        return null;
    }

    private static Coordinates fitting(String file, String group, String artifact, String version) {
        String classifier = ArtifactFileName.classifierIn(file, artifact, version);
        if (classifier == null || group.isEmpty()) {
            return null;
        }
        return new Coordinates(group, artifact, version, classifier.isEmpty() ? null : classifier, Culprit.REPOSITORY_PATH);
    }

    /** A deployed snapshot's file carries a timestamp in place of "SNAPSHOT": a-1.0-20240102.030405-7.jar in 1.0-SNAPSHOT/. */
    private static Coordinates snapshot(String file, String group, String artifact, String version) {
        String base = version.substring(0, version.length() - "SNAPSHOT".length());
        String stem = artifact + '-' + base;
        if (!file.startsWith(stem) || !file.endsWith(".jar")) {
            return null;
        }
        String rest = file.substring(stem.length(), file.length() - 4);
        if (!rest.matches("\\d{8}\\.\\d{6}-\\d+(-.+)?")) {
            return null;
        }
        int dash = rest.indexOf('-', rest.indexOf('-') + 1);
        return new Coordinates(group, artifact, version, dash < 0 ? null : rest.substring(dash + 1), Culprit.REPOSITORY_PATH);
    }
}
