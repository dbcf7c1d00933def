package io.egressguard.agent.policy;

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

    static String oneLine(String s) {
        if (s == null) {
            return "unknown problem";
        }
        return s.replace('\r', ' ').replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }
}
