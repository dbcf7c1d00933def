package io.egressguard.agent.capture.coordinates;

import io.egressguard.event.Culprit;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Coordinates from MANIFEST.MF. Only a manifest that names all three counts: the version
 * ({@code Implementation-Version}, else {@code Bundle-Version}), the artifact
 * ({@code Implementation-Title} when it is an id rather than a display name, else the artifact
 * part of the bundle name, else the file name's) and the group ({@code Implementation-Vendor-Id},
 * which Maven's archiver fills with the group id, else a {@code Bundle-SymbolicName} of the form
 * {@code <group>.<artifact>} whose artifact has a dash: a package segment never has one, so the
 * split is certain). A vendor's own fields naming the coordinates outright come first.
 */
final class ManifestEvidence {
    /** Maven's id characters: a display name ("Spring Boot Loader") is not an artifact id. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.\\-+]+");

    private ManifestEvidence() {
    }

    /** @param fromFileName the jar's file name parsed, or null */
    static Coordinates of(Manifest manifest, ArtifactFileName fromFileName) {
        if (manifest == null) {
            return null;
        }
        Attributes a = manifest.getMainAttributes();
        Coordinates vendor = vendorFields(a);
        if (vendor != null) {
            return vendor;
        }
        String version = first(a, VERSION, "Implementation-Version", "Bundle-Version");
        String artifact = first(a, ID, "Implementation-Title");
        String group = first(a, ID, "Implementation-Vendor-Id");
        String bundle = a.getValue("Bundle-SymbolicName");
        if (bundle != null) {
            bundle = bundle.split(";", 2)[0].trim(); // "name;singleton:=true"
            int dot = bundle.lastIndexOf('.');
            String tail = dot > 0 ? bundle.substring(dot + 1) : "";
            if (tail.indexOf('-') > 0 && ID.matcher(bundle).matches()) {
                if (artifact == null) {
                    artifact = tail;
                }
                if (group == null && tail.equals(artifact)) {
                    group = bundle.substring(0, dot);
                }
            }
        }
        if (artifact == null && fromFileName != null) {
            artifact = fromFileName.artifact;
        }
        if (group == null || artifact == null || version == null || group.indexOf('.') < 0) {
            return null;
        }
        return new Coordinates(group, artifact, version, classifier(fromFileName, artifact, version), Culprit.MANIFEST);
    }

    /** Jenkins plugins (and builds that copy them) write Group-Id, Short-Name or Artifact-Id, and Plugin-Version. */
    private static Coordinates vendorFields(Attributes a) {
        String group = first(a, ID, "Group-Id");
        String artifact = first(a, ID, "Artifact-Id", "Short-Name");
        String version = first(a, VERSION, "Plugin-Version", "Implementation-Version");
        if (group == null || artifact == null || version == null) {
            return null;
        }
        return new Coordinates(group, artifact, version, null, Culprit.MANIFEST);
    }

    private static String classifier(ArtifactFileName f, String artifact, String version) {
        return f != null && f.artifact.equals(artifact) && f.version.equals(version) ? f.classifier : null;
    }

    private static String first(Attributes a, Pattern shape, String... names) {
        for (String name : names) {
            String v = a.getValue(name);
            if (v != null && shape.matcher(v.trim()).matches()) {
                return v.trim();
            }
        }
        return null;
    }
}
