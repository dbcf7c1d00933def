package io.egressguard.deploy;

import io.egressguard.policy.Levenshtein;
import io.egressguard.collector.cli.Cli;
import io.egressguard.collector.drain.StopSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Finds collector invocations in deployment files and checks them against the collector's own
 * picocli model: the subcommand exists and every option given to it is one of its options.
 */
final class CollectorCommands {
    /** {@code egressguard CMD ...} or {@code egressguard-collector.jar CMD ...}, up to a shell separator. */
    private static final Pattern INVOCATION = Pattern.compile(
            "(?<![\\w.-])egressguard(?:-collector\\.jar)?\"?\\s+([a-z][a-z-]*)([^|;&#\\n)`']*)");
    private static final Pattern NESTED = Pattern.compile("^\\s+([a-z][a-z-]*)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]*)");

    private final Map<String, CommandLine> subcommands = Cli.create(new StopSignal()).getSubcommands();

    /** Every problem with the invocations in {@code text}; {@code where} names the file. */
    List<String> check(String where, String text) {
        List<String> problems = new ArrayList<>();
        Matcher m = INVOCATION.matcher(text);
        while (m.find()) {
            String word = m.group(1);
            CommandLine cmd = subcommands.get(word);
            if (cmd == null) {
                // Prose ("egressguard collector", "egressguard blocked") is no invocation; a near miss is a typo.
                String near = nearest(word);
                if (near != null) {
                    problems.add(where + ": 'egressguard " + word + "' is no collector command (did you mean " + near + "?)");
                }
                continue;
            }
            // Command groups (policy suggest|check|explain): the options belong to the nested command.
            String rest = m.group(2);
            for (Matcher sub = NESTED.matcher(rest); sub.find() && cmd.getSubcommands().containsKey(sub.group(1));
                    sub = NESTED.matcher(rest)) {
                cmd = cmd.getSubcommands().get(sub.group(1));
                word += " " + sub.group(1);
                rest = rest.substring(sub.end());
            }
            Matcher o = OPTION.matcher(rest);
            while (o.find()) {
                if (!hasOption(cmd.getCommandSpec(), o.group(1))) {
                    problems.add(where + ": collector command '" + word + "' has no option " + o.group(1)
                            + " (it has " + cmd.getCommandSpec().optionsMap().keySet().stream().filter(k -> k.startsWith("--")).sorted().toList() + ")");
                }
            }
        }
        return problems;
    }

    /** How many invocations of known subcommands {@code text} holds (so a check that found none can fail). */
    int count(String text) {
        int n = 0;
        Matcher m = INVOCATION.matcher(text);
        while (m.find()) {
            if (subcommands.containsKey(m.group(1))) {
                n++;
            }
        }
        return n;
    }

    boolean isCommand(String word) {
        return subcommands.containsKey(word);
    }

    boolean hasOption(String command, String option) {
        return subcommands.containsKey(command) && hasOption(subcommands.get(command).getCommandSpec(), option);
    }

    private static boolean hasOption(CommandSpec spec, String option) {
        return spec.findOption(option) != null;
    }

    private String nearest(String word) {
        for (String name : subcommands.keySet()) {
            if (Levenshtein.distance(name, word) <= 2) {
                return name;
            }
        }
        return null;
    }
}
