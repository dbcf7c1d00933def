package io.egressguard.collector.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "consumers", mixinStandardHelpOptions = true,
        description = {"Lists and forgets the registered consumers of a queue: the stores whose positions retention waits for.",
                "They are kept in DIR/consumers/, one NAME.json per store (see 'egressguard drain --help')."},
        subcommands = {ConsumersListCommand.class, ConsumersRemoveCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class ConsumersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: list or remove");
    }
}
