package io.egressguard.policy;

/**
 * One {@code from:} pattern, {@code GROUP:ARTIFACT}: each part a Maven id ({@code [A-Za-z0-9_.-]})
 * in which {@code *} stands for any run of characters, dots included. Matching is case-sensitive,
 * as Maven coordinates are. Specificity: {@link Kind#EXACT} ({@code com.stripe:stripe-java}) &gt;
 * {@link Kind#GROUP} ({@code io.sentry:*}) &gt; {@link Kind#GLOB} (anything else with a {@code *}).
 */
final class FromPattern {
    enum Kind { EXACT, GROUP, GLOB }

    final Kind kind;
    final String text;
    final String group;
    final String artifact;

    private FromPattern(Kind kind, String text, String group, String artifact) {
        this.kind = kind;
        this.text = text;
        this.group = group;
        this.artifact = artifact;
    }

    /** @throws IllegalArgumentException with a one-line message for humans */
    static FromPattern parse(String raw) {
        String t = raw.trim();
        String example = "; write group:artifact, e.g. \"com.stripe:stripe-java\" or \"io.sentry:*\"";
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty from pattern" + example);
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("bad from pattern " + PolicyException.quote(t) + ": no ':' between group and artifact"
                    + (t.indexOf('*') < 0 ? " (did you mean \"" + t + ":*\"?)" : "") + example);
        }
        if (t.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("bad from pattern " + PolicyException.quote(t)
                    + ": from matches group:artifact, leave out the version and anything after it" + example);
        }
        String group = t.substring(0, colon);
        String artifact = t.substring(colon + 1);
        check(t, group, "group", example);
        check(t, artifact, "artifact", example);
        boolean groupGlob = group.indexOf('*') >= 0;
        boolean artifactGlob = artifact.indexOf('*') >= 0;
        Kind kind = !groupGlob && !artifactGlob ? Kind.EXACT : !groupGlob && artifact.equals("*") ? Kind.GROUP : Kind.GLOB;
        return new FromPattern(kind, t, group, artifact);
    }

    private static void check(String t, String part, String what, String example) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("bad from pattern " + PolicyException.quote(t) + ": the " + what
                    + " is empty (write * for any)" + example);
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '*';
            if (!ok) {
                throw new IllegalArgumentException("bad from pattern " + PolicyException.quote(t) + ": character '" + c
                        + "' is not allowed in a Maven " + what + " (letters, digits, '.', '-', '_', and '*' for any run)" + example);
            }
        }
    }

    boolean matches(Dependency d) {
        return glob(group, d.group()) && glob(artifact, d.artifact());
    }

    /** {@code *} matches any run (greedy with backtracking to the last star: linear for these short ids). */
    static boolean glob(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (p < pattern.length() && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return text;
    }
}
