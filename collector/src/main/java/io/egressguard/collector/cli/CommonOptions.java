package io.egressguard.collector.cli;

import picocli.CommandLine.Option;

/** Options every command has. */
public final class CommonOptions {
    @Option(names = "--stacktrace", description = "On failure, print the stack trace after the one-line error.")
    boolean stacktrace;
}
