package io.egressguard.agent.capture.coordinates;

/** A code source as the record names it: its jar, the archive that jar is nested in, its coordinates. */
public final class JarIdentity {
    static final JarIdentity UNKNOWN = new JarIdentity(null, null, null);

    private final String jar;
    private final String archive;
    private final Coordinates coordinates;

    JarIdentity(String jar, String archive, Coordinates coordinates) {
        this.jar = jar;
        this.archive = archive;
        this.coordinates = coordinates;
    }

    /** A file path for jars and class directories, {@code <archive>!/<entry>} for a nested one, the URL otherwise; null when unknown. */
    public String jar() {
        return jar;
    }

    /** The outer archive of a nested jar, else null. */
    public String archive() {
        return archive;
    }

    /** Null when no evidence names them. */
    public Coordinates coordinates() {
        return coordinates;
    }
}
