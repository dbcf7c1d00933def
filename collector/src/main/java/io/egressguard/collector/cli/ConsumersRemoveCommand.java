package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.consumer.ConsumerEntry;
import io.egressguard.collector.consumer.ConsumerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Forgets a consumer that is gone for good, so that retention no longer waits for it.",
                "A drain still running for that store writes its entry again: stop it first."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, ExitCodes.FAILURE_LINE, "2:bad usage: unknown option, or no consumer of that name"})
final class ConsumersRemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The consumer's name, as 'egressguard consumers list' or 'drain --status' shows it.")
    String name;

    @Option(names = "--queue", paramLabel = "DIR", required = true, description = "The queue parent directory the drain reads.")
    Path queue;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (!Files.isDirectory(queue)) {
            throw new CollectorException("queue directory " + queue + " does not exist (check --queue)");
        }
        ConsumerRegistry registry = ConsumerRegistry.in(queue);
        if (!ConsumerEntry.validName(name) || !Files.exists(registry.fileOf(name))) {
            throw new ParameterException(spec.commandLine(), "no consumer '" + name + "' in " + registry.dir()
                    + " ('egressguard consumers list --queue " + queue + "' shows them)");
        }
        Optional<ConsumerEntry> entry = registry.read().find(name);
        if (!registry.remove(name)) {
            throw new ParameterException(spec.commandLine(), "no consumer '" + name + "' in " + registry.dir());
        }
        spec.commandLine().getOut().println(escape("removed consumer " + name + entry.map(e -> " (" + e.store() + ")").orElse("")
                + " from " + queue + "; retention no longer waits for it"));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
