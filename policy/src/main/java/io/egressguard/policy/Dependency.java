package io.egressguard.policy;

/**
 * The dependency an attempt is made for, as {@code from:} rules see it: the Maven group and
 * artifact of the jar whose code is the attempt's culprit (docs/policy.md, "Per-dependency rules").
 * The version plays no part: a rule names a library, not one release of it. Make one per jar and
 * keep it: {@link #key()} is built once, so matching allocates nothing.
 */
public final class Dependency {
    private final String group;
    private final String artifact;
    private final String key;

    private Dependency(String group, String artifact) {
        this.group = group;
        this.artifact = artifact;
        this.key = group + ':' + artifact;
    }

    /** @throws IllegalArgumentException when either part is null or empty */
    public static Dependency of(String group, String artifact) {
        if (group == null || group.isEmpty() || artifact == null || artifact.isEmpty()) {
            throw new IllegalArgumentException("a dependency needs a group and an artifact, got " + group + ":" + artifact);
        }
        return new Dependency(group, artifact);
    }

    /**
     * {@code group:artifact[:version...]} (a gav or a purl-free coordinate as records carry it);
     * null when it has no group and artifact.
     */
    public static Dependency parse(String coordinates) {
        if (coordinates == null) {
            return null;
        }
        int colon = coordinates.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        int next = coordinates.indexOf(':', colon + 1);
        String artifact = next < 0 ? coordinates.substring(colon + 1) : coordinates.substring(colon + 1, next);
        return artifact.isEmpty() ? null : new Dependency(coordinates.substring(0, colon), artifact);
    }

    public String group() {
        return group;
    }

    public String artifact() {
        return artifact;
    }

    /** {@code group:artifact}. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dependency && ((Dependency) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
