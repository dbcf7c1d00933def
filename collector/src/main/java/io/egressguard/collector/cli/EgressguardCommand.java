package io.egressguard.collector.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "egressguard", mixinStandardHelpOptions = true, versionProvider = EgressguardCommand.Version.class,
        description = "Collects and reports what the egressguard agent journaled.",
        subcommands = {DrainCommand.class, TailCommand.class, EventsCommand.class, ShowCommand.class, ReportCommand.class, PurgeCommand.class,
                PolicyCommand.class, AlertsCommand.class, ConsumersCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class EgressguardCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: drain, tail, events, show, report, purge, policy, alerts or consumers");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EgressguardCommand.class.getPackage().getImplementationVersion();
            return new String[] {"egressguard collector " + (version == null ? "(development build)" : version)};
        }
    }
}
