package io.egressguard.collector.cli;

/** The exit codes every command documents in its usage. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    static final String HEADING = "%nExit codes:%n";
    static final String OK_LINE = "0:done (also after SIGTERM/Ctrl-C once the current batch is committed)";
    /** For commands that only read: nothing to commit on a signal. */
    static final String DONE_LINE = "0:done";
    static final String FAILURE_LINE = "1:failed: a journal, the store or a file could not be used (one line on stderr says which)";
    static final String USAGE_LINE = "2:bad usage: unknown option or invalid value";

    private ExitCodes() {
    }
}
