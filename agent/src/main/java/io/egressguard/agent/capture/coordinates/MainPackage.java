package io.egressguard.agent.capture.coordinates;

import java.util.HashMap;
import java.util.Map;

/**
 * The package most of a jar's classes live under, counted while the jar's entries are listed: a
 * stand-in for the group when only the file name is left. Relocated copies of other libraries
 * are not counted: a vendor SDK's few classes next to a shaded OkHttp are still the vendor's.
 */
final class MainPackage {
    private final Map<String, Integer> classesUnder = new HashMap<>();
    private int classes;

    /** Counts one jar entry; anything but a class outside META-INF is ignored. */
    void add(String entryName) {
        if (!entryName.endsWith(".class") || entryName.startsWith("META-INF/")) {
            return;
        }
        int slash = entryName.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        String pkg = entryName.substring(0, slash).replace('/', '.');
        if (RelocatedPackages.of(pkg + ".X") != null) {
            return;
        }
        classes++;
        for (int dot = pkg.indexOf('.'); ; dot = pkg.indexOf('.', dot + 1)) {
            String prefix = dot < 0 ? pkg : pkg.substring(0, dot);
            classesUnder.merge(prefix, 1, Integer::sum);
            if (dot < 0) {
                break;
            }
        }
    }

    /**
     * The deepest package that holds at least two thirds of the classes, or null for a jar
     * without classes: a jar's own code usually sits under one root, with a minority elsewhere.
     */
    String name() {
        String best = null;
        for (Map.Entry<String, Integer> e : classesUnder.entrySet()) {
            if (e.getValue() * 3 >= classes * 2 && (best == null || e.getKey().length() > best.length())) {
                best = e.getKey();
            }
        }
        return best;
    }
}
