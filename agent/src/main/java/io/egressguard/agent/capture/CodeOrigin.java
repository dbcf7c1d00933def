package io.egressguard.agent.capture;

/** Where a class came from: its code source and, for a Maven-built jar, its coordinates. */
public final class CodeOrigin {
    static final CodeOrigin UNKNOWN = new CodeOrigin(null, null);

    private final String location;
    private final String gav;

    CodeOrigin(String location, String gav) {
        this.location = location;
        this.gav = gav;
    }

    /** A file path for jars and class directories, the URL otherwise; null when unknown. */
    public String location() {
        return location;
    }

    /** {@code group:artifact:version}, or null. */
    public String gav() {
        return gav;
    }
}
