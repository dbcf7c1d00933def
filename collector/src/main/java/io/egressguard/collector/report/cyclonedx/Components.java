package io.egressguard.collector.report.cyclonedx;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.store.ReportRows.Flow;
import io.egressguard.event.Culprit;
import io.egressguard.event.MavenPurl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Evidence;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Identity;
import org.cyclonedx.model.component.evidence.Method;
import org.cyclonedx.model.component.evidence.Occurrence;

/**
 * The components that made attempts: one per package URL (the jars that carry it are its
 * occurrences), and one per jar that gave no coordinates, named by its file name and nothing more.
 * Code with neither (no jar known) is no component; its attempts still count in the services.
 */
final class Components {
    /** Evidence kinds strongest first, with the CycloneDX technique and the confidence each is given. */
    private static final List<String> STRENGTH = List.of(Culprit.POM, Culprit.REPOSITORY_PATH, Culprit.MANIFEST, Culprit.FILE_NAME);

    private Components() {
    }

    /** A flow's component: its purl (recorded, else made from the gav), else {@code jar:<path>}; null without either. */
    static String ref(Flow f) {
        String purl = purl(f);
        if (purl != null) {
            return purl;
        }
        return f.jar() == null || f.jar().isEmpty() ? null : "jar:" + f.jar();
    }

    private static String purl(Flow f) {
        return f.purl() != null ? f.purl() : MavenPurl.ofGav(f.gav());
    }

    /** The components of the flows, by bom-ref. */
    static List<Component> of(List<Flow> flows) {
        Map<String, Seen> byRef = new TreeMap<>();
        for (Flow f : flows) {
            String ref = ref(f);
            if (ref != null) {
                byRef.computeIfAbsent(ref, r -> new Seen()).add(f);
            }
        }
        List<Component> out = new ArrayList<>();
        byRef.forEach((ref, seen) -> out.add(seen.component(ref)));
        return out;
    }

    /** What the flows of one component tell about it. */
    private static final class Seen {
        String gav;
        String purl;
        String evidence;
        final TreeSet<String> jars = new TreeSet<>();
        final Tally tally = new Tally();

        void add(Flow f) {
            gav = gav != null ? gav : f.gav();
            purl = purl != null ? purl : purl(f);
            if (f.evidence() != null && (evidence == null || rank(f.evidence()) < rank(evidence))) {
                evidence = f.evidence();
            }
            if (f.jar() != null && !f.jar().isEmpty()) {
                jars.add(f.jar());
            }
            tally.add(f);
        }

        Component component(String ref) {
            Component c = new Component();
            c.setType(Component.Type.LIBRARY);
            c.setBomRef(ref);
            String[] gavParts = gav == null ? new String[0] : gav.split(":", -1);
            if (purl != null && gavParts.length == 3) {
                c.setGroup(gavParts[0]);
                c.setName(gavParts[1]);
                c.setVersion(gavParts[2]);
                c.setPurl(purl);
            } else {
                c.setName(Cells.shortOrigin(jars.first())); // no coordinates: the jar's file name, nothing invented
            }
            c.setEvidence(evidence(ref));
            List<Property> properties = new ArrayList<>();
            for (String jar : jars) {
                properties.add(new Property(Sbom.NS + "jar", jar));
            }
            if (evidence != null) {
                properties.add(new Property(Sbom.NS + "evidence", evidence));
            }
            tally.addTo(properties);
            c.setProperties(properties);
            return c;
        }

        /** The jars as occurrences; with coordinates, how the agent read them (docs/report.md maps the kinds). */
        private Evidence evidence(String ref) {
            Evidence e = new Evidence();
            List<Occurrence> occurrences = new ArrayList<>();
            for (String jar : jars) {
                Occurrence o = new Occurrence();
                o.setLocation(jar);
                occurrences.add(o);
            }
            e.setOccurrences(occurrences);
            if (purl != null && evidence != null && rank(evidence) < STRENGTH.size()) {
                Method m = new Method();
                m.setTechnique(technique(evidence));
                m.setConfidence(confidence(evidence));
                if (!jars.isEmpty()) {
                    m.setValue(jars.first()); // the jar whose pom.properties, manifest, path or name it was
                }
                Identity identity = new Identity();
                identity.setField(Identity.Field.PURL);
                identity.setConfidence(m.getConfidence());
                identity.setConcludedValue(ref);
                identity.setMethods(List.of(m));
                e.setIdentities(List.of(identity));
            }
            return e;
        }
    }

    private static int rank(String evidence) {
        int i = STRENGTH.indexOf(evidence);
        return i < 0 ? STRENGTH.size() : i;
    }

    /** pom.properties and MANIFEST.MF are manifests; a repository path and a file name are names of the file. */
    static Method.Technique technique(String evidence) {
        return evidence.equals(Culprit.POM) || evidence.equals(Culprit.MANIFEST) ? Method.Technique.MANIFEST_ANALYSIS
                : Method.Technique.FILENAME;
    }

    /** The order SBOM scanners trust them in: the artifact's own pom first, a guess from the file name last. */
    static double confidence(String evidence) {
        return switch (evidence) {
            case Culprit.POM -> 1.0;
            case Culprit.REPOSITORY_PATH -> 0.9;
            case Culprit.MANIFEST -> 0.7;
            default -> 0.5;
        };
    }
}
