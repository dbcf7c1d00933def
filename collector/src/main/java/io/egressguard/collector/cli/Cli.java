package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.drain.StopSignal;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Builds the command line. Every error is one line on stderr naming the option, file or value;
 * the stack trace follows only with {@code --stacktrace}. Nothing here exits the JVM.
 */
public final class Cli {
    private Cli() {
    }

    /** The command line as tests use it: no OS signal handlers, stop only through {@code stop}. */
    public static CommandLine create(StopSignal stop) {
        return create(stop, false);
    }

    /**
     * @param handleSignals whether {@code drain} and {@code tail} turn SIGTERM/SIGINT into a graceful stop (the real CLI)
     */
    public static CommandLine create(StopSignal stop, boolean handleSignals) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(EgressguardCommand.class, new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                if (type == DrainCommand.class) {
                    return (K) new DrainCommand(stop, handleSignals);
                }
                return type == TailCommand.class ? (K) new TailCommand(stop, handleSignals) : defaults.create(type);
            }
        });
        cli.setParameterExceptionHandler(usageError());
        cli.setExecutionExceptionHandler(failure());
        return cli;
    }

    private static IParameterExceptionHandler usageError() {
        return (e, args) -> {
            CommandLine cmd = e.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + escape(e.getMessage()) + " (see '" + name + " --help')");
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        };
    }

    private static IExecutionExceptionHandler failure() {
        return (e, cmd, parseResult) -> {
            boolean stacktrace = stacktraceRequested(parseResult);
            String message = e instanceof CollectorException
                    ? e.getMessage()
                    : e.getClass().getName() + ": " + e.getMessage() + (stacktrace ? "" : " (rerun with --stacktrace for details)");
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + escape(message));
            if (stacktrace) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return ExitCodes.FAILURE;
        };
    }

    private static boolean stacktraceRequested(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }
}
