package io.egressguard.policy;

/**
 * A policy file (or a domain list it includes) cannot be used. {@link #getMessage()} is one line:
 * {@code <file>:<line>: <problem and what to do>}.
 */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    PolicyException(String file, int line, String problem) {
        super(file + ":" + line + ": " + oneLine(problem));
        this.file = file;
        this.line = line;
    }

    /** The file the problem is in (as given, or resolved relative to the policy file for lists). */
    public String file() {
        return file;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** Past this a problem is shortened in the middle: a value from the file may be megabytes long. */
    static final int MAX_PROBLEM = 600;
    /** A value quoted in a message keeps this many characters. */
    private static final int MAX_QUOTED = 60;

    static String oneLine(String s) {
        if (s == null) {
            return "unknown problem";
        }
        if (s.length() > MAX_PROBLEM) {
            // keep the start (what) and the end (what to do)
            s = s.substring(0, MAX_PROBLEM / 2) + " [... " + (s.length() - MAX_PROBLEM * 5 / 6) + " characters cut ...] "
                    + s.substring(s.length() - MAX_PROBLEM / 3);
        }
        return s.replace('\r', ' ').replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }

    /**
     * A value from the file in double quotes, shortened when long: the start, an ellipsis and its
     * length, so that a 100k host name does not become a 100k error line.
     */
    public static String quote(String s) {
        if (s.length() <= MAX_QUOTED) {
            return "\"" + s + "\"";
        }
        return "\"" + s.substring(0, MAX_QUOTED - 3) + "...\" (" + s.length() + " characters)";
    }
}
