package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.policy.Policy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates a policy file and the domain lists it includes with the agent's own parser.",
                "A problem is one line on stderr: FILE:LINE: what is wrong and what to do."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the policy is valid", "1:the policy is invalid (one line on stderr says where and why)",
                ExitCodes.USAGE_LINE})
final class PolicyCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The policy file (YAML, or JSON when it ends in .json).")
    Path file;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Policy policy = PolicyFiles.loadOrSay(file, spec);
        if (policy == null) {
            return ExitCodes.FAILURE;
        }
        spec.commandLine().getOut().println(escape(file + ": valid, " + policy.ruleCount() + " rules"
                + (policy.inputs().size() > 1 ? " from " + policy.inputs().size() + " files" : "")
                + (policy.monitorMode() ? ", monitor mode (nothing is blocked)" : "")));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
