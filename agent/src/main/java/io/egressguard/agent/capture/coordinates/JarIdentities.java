package io.egressguard.agent.capture.coordinates;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves a code source to its {@link JarIdentity}, once per code source: opening a jar and
 * reading its entries costs milliseconds, so it happens only on the journal writer thread (when a
 * recorded event is completed) and never again for the same jar. Evidence is taken in the order
 * SBOM scanners use (Syft's Java cataloger, OWASP dependency-check): pom.properties, the
 * repository layout the jar lies in, the manifest, the file name. A nested jar has no repository
 * path of its own, so that step is skipped for it.
 */
public final class JarIdentities {
    private final ConcurrentMap<String, JarIdentity> byLocation = new ConcurrentHashMap<>();

    /** @param codeSource a code source's URL, as {@code URL.toExternalForm()} prints it; null when unknown */
    public JarIdentity of(String codeSource) {
        if (codeSource == null) {
            return JarIdentity.UNKNOWN;
        }
        return byLocation.computeIfAbsent(codeSource, JarIdentities::resolve);
    }

    static JarIdentity resolve(String codeSource) {
        CodeLocation at = CodeLocation.parse(codeSource);
        return new JarIdentity(at.display, at.archive(), coordinates(at));
    }

    private static Coordinates coordinates(CodeLocation at) {
        try {
            if (at.file == null) {
                return null;
            }
            if (at.isNestedJar()) {
                String name = at.entry.substring(at.entry.lastIndexOf('/') + 1);
                return fromContents(JarFacts.nested(at.file, at.entry), name, null);
            }
            if (at.entry != null || !Files.isRegularFile(at.file)) {
                return null; // a classes directory, on disk or inside a fat jar: no evidence of its own
            }
            Coordinates byPath = RepositoryLayout.of(at.file);
            JarFacts facts;
            try {
                facts = JarFacts.of(at.file);
            } catch (IOException e) {
                return byPath; // the layout alone is evidence enough
            }
            return fromContents(facts, at.file.getFileName().toString(), byPath);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable, or not a jar: the record keeps the path alone
        }
    }

    private static Coordinates fromContents(JarFacts facts, String fileName, Coordinates byPath) {
        Coordinates c = PomEvidence.pick(facts.poms, fileName);
        if (c == null) {
            c = byPath;
        }
        ArtifactFileName parsed = ArtifactFileName.parse(fileName);
        if (c == null) {
            c = ManifestEvidence.of(facts.manifest, parsed);
        }
        if (c == null) {
            c = FileNameEvidence.of(parsed, facts.mainPackageName());
        }
        return c;
    }
}
