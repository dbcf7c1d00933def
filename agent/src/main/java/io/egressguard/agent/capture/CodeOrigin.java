package io.egressguard.agent.capture;

import io.egressguard.agent.capture.coordinates.Coordinates;
import io.egressguard.agent.capture.coordinates.JarIdentity;
import io.egressguard.event.Culprit;
import io.egressguard.policy.Dependency;

/** Where a class came from: its jar (with coordinates, when any evidence names them) and a relocated package it sits in. */
public final class CodeOrigin {
    static final CodeOrigin UNKNOWN = new CodeOrigin(null, null, null, null);

    private final String location;
    private final String archive;
    private final Coordinates coordinates;
    private final String relocated;
    /** Made once per class (CodeOrigins keeps origins in a ClassValue): from: rules compare it without allocating. */
    private final Dependency dependency;

    CodeOrigin(JarIdentity jar, String relocated) {
        this(jar.jar(), jar.archive(), jar.coordinates(), relocated);
    }

    private CodeOrigin(String location, String archive, Coordinates coordinates, String relocated) {
        this.location = location;
        this.archive = archive;
        this.coordinates = coordinates;
        this.relocated = relocated;
        this.dependency = coordinates == null ? null : coordinates.dependency();
    }

    /** A file path for jars and class directories ({@code <archive>!/<entry>} when nested), the URL otherwise; null when unknown. */
    public String location() {
        return location;
    }

    /** {@code group:artifact:version}, or null. */
    public String gav() {
        return coordinates == null ? null : coordinates.gav();
    }

    /** The jar's group and artifact, or null when no evidence names them (a classes directory, an unnamed jar). */
    public Dependency dependency() {
        return dependency;
    }

    /** The culprit printed as {@code frame}, from this origin. */
    Culprit culprit(String frame) {
        Culprit c = new Culprit(frame, location, gav());
        if (coordinates != null) {
            c.purl = coordinates.purl();
            c.evidence = coordinates.evidence();
        }
        c.archive = archive;
        c.relocated = relocated;
        return c;
    }
}
