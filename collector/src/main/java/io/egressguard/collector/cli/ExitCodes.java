package io.egressguard.collector.cli;

/** The exit codes every command documents in its usage. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** {@code report --fail-on}: attempts at or above the severity exist (the report is still written). */
    public static final int FAIL_ON = 3;
    /** {@code drain} without {@code --follow}: journal entries were lost to damage or were no events (all else was drained). */
    public static final int DAMAGE = 4;

    static final String HEADING = "%nExit codes:%n";
    static final String OK_LINE = "0:done (also after SIGTERM/Ctrl-C once the current batch is committed)";
    /** For commands that only read: nothing to commit on a signal. */
    static final String DONE_LINE = "0:done";
    static final String FAILURE_LINE = "1:failed: a journal, the store or a file could not be used (one line on stderr says which)";
    static final String USAGE_LINE = "2:bad usage: unknown option or invalid value";
    static final String DAMAGE_LINE = "4:damage: journal entries were lost to damage or were no events; all else was drained"
            + " (stderr and the damaged table say which; --accept-damage exits 0)";
    static final String FAIL_ON_LINE = "3:--fail-on matched: attempts at or above that severity exist in the range (the report is still written)";

    private ExitCodes() {
    }
}
