package io.egressguard.agent.capture.coordinates;

import io.egressguard.event.MavenPurl;
import io.egressguard.policy.Dependency;

/** A jar's Maven coordinates and the evidence they were read from (one of Culprit's evidence names). */
public final class Coordinates {
    private final String group;
    private final String artifact;
    private final String version;
    private final String classifier;
    private final String evidence;

    Coordinates(String group, String artifact, String version, String classifier, String evidence) {
        this.group = group;
        this.artifact = artifact;
        this.version = version;
        this.classifier = classifier;
        this.evidence = evidence;
    }

    /** {@code group:artifact:version}: the classifier has no place in a gav, only in the purl. */
    public String gav() {
        return group + ':' + artifact + ':' + version;
    }

    /** Group and artifact, as a policy's {@code from:} rules match them. */
    public Dependency dependency() {
        return Dependency.of(group, artifact);
    }

    public String purl() {
        return MavenPurl.of(group, artifact, version, classifier);
    }

    public String evidence() {
        return evidence;
    }

    String group() {
        return group;
    }

    String artifact() {
        return artifact;
    }

    String version() {
        return version;
    }

    /** Null for a jar without one. */
    String classifier() {
        return classifier;
    }

    @Override
    public String toString() {
        return purl() + " (" + evidence + ")";
    }
}
