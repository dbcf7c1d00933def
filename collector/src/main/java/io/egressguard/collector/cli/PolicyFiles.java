package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.policy.Policy;
import io.egressguard.policy.PolicyException;
import io.egressguard.policy.PolicyLoader;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** The policy file a command names, loaded as the agent loads it. */
final class PolicyFiles {
    private PolicyFiles() {
    }

    /** The policy, or null after saying on stderr, in the loader's one line naming the file, why it does not load. */
    static Policy loadOrSay(Path file, CommandSpec spec) {
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            spec.commandLine().getErr().println(escape(e.getMessage()));
            spec.commandLine().getErr().flush();
            return null;
        }
    }
}
