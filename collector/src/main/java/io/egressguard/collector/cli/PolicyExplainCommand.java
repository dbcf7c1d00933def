package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import com.google.common.net.InetAddresses;
import io.egressguard.policy.Caller;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Dependency;
import io.egressguard.policy.Policy;
import io.egressguard.policy.PolicyException;
import io.egressguard.policy.Verdict;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints how the agent would decide a connection to HOST[:PORT] under a policy file, and the rule"
                + " (with its file and line) or the built-in (catalog, cloud metadata, default) that decides it.",
                "HOST is a name or an IP ([v6]:PORT with a port). No DNS lookup is made: give --ip to decide a name"
                        + " as if it had resolved to that address, and --from to decide a call made by one dependency."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, "1:the policy is invalid (one line on stderr says where and why)",
                ExitCodes.USAGE_LINE})
final class PolicyExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Parameters(index = "1", paramLabel = "HOST[:PORT]", converter = Destination.Converter.class,
            description = "The destination: api.example.com, api.example.com:443, 203.0.113.7:80, [2001:db8::1]:443.")
    Destination destination;

    @Option(names = "--ip", paramLabel = "ADDRESS", converter = IpConverter.class,
            description = "Decide HOST as if it had resolved to ADDRESS (IP rules and built-in ranges then apply too).")
    InetAddress ip;

    @Option(names = "--from", paramLabel = "GROUP:ARTIFACT", converter = DependencyConverter.class,
            description = "Decide as if the call came from this dependency (the culprit's Maven coordinates; a version is ignored):"
                    + " rules with from: apply only to the dependencies they name.")
    Dependency from;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws UnknownHostException {
        Policy policy = PolicyFiles.loadOrSay(file, spec);
        if (policy == null) {
            return ExitCodes.FAILURE;
        }
        String host = destination.host();
        int port = destination.port();
        InetAddress address = ip == null ? null : InetAddress.getByAddress(host, ip.getAddress());
        Caller caller = from == null ? null : new Named(from);
        Decision d = policy.decide(host, address, port, caller);
        PrintWriter out = spec.commandLine().getOut();
        out.println(escape(destination.label() + (ip == null ? "" : " (" + InetAddresses.toAddrString(ip) + ")")
                + (from == null ? "" : " from " + from.key()) + ": "
                + verdict(d.verdict()) + ", severity " + d.severity().wireName()
                + (d.vendor() != null ? ", vendor " + d.vendor() + (d.category() != null ? " (" + d.category() + ")" : "") : "")));
        out.println(escape("rule: " + d.rule() + " (" + kind(d) + ")"));
        if (from == null && policy.hasFromRules()) {
            out.println("from: no dependency given, so rules with from: do not apply; give --from GROUP:ARTIFACT to decide for one");
        }
        if (!InetAddresses.isInetAddress(host)) {
            Decision byName = policy.decideByName(host, -1, caller);
            out.println(byName == null
                    ? "lookup: the DNS lookup proceeds (no name rule decides it); the connect is decided as above"
                    : escape("lookup: " + verdict(byName.verdict()) + " before any DNS query leaves, by " + byName.rule()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String verdict(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }

    /** Where a decision comes from, by the rule names the policy engine gives (docs/policy.md). */
    static String kind(Decision d) {
        String rule = d.rule();
        if (rule.startsWith("catalog:")) {
            return "built-in tracker catalog";
        }
        if (rule.startsWith("metadata:")) {
            return "built-in cloud metadata endpoint";
        }
        if (rule.startsWith("default:")) {
            return "built-in default";
        }
        if (rule.startsWith("fail-closed")) {
            return "fail-closed";
        }
        return "rule in the policy file" + (d.byName() ? ", by name" : ", by address");
    }

    /** HOST, HOST:PORT, an IPv6 literal, or [IPv6]:PORT; port -1 when not given. */
    record Destination(String host, int port) {
        String label() {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return port >= 0 ? h + ":" + port : h;
        }

        static Destination parse(String text) {
            String host = text;
            String port = null;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                    throw new IllegalArgumentException("'" + text + "' is not [IPv6]:PORT");
                }
                host = text.substring(1, close);
                port = close + 1 < text.length() ? text.substring(close + 2) : null;
            } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
                host = text.substring(0, text.indexOf(':'));
                port = text.substring(text.indexOf(':') + 1);
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' names no host (expected HOST[:PORT])");
            }
            if (host.length() > 253) {
                // no host name or address is this long; the value is quoted cut, not echoed whole
                throw new IllegalArgumentException("host " + PolicyException.quote(host) + " is longer than 253 characters");
            }
            int p = -1;
            if (port != null) {
                try {
                    p = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    p = -2;
                }
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("'" + text + "' has a bad port '" + port + "' (expected 0-65535)");
                }
            }
            return new Destination(host, p);
        }

        static final class Converter implements ITypeConverter<Destination> {
            @Override
            public Destination convert(String value) {
                try {
                    return parse(value);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(e.getMessage());
                }
            }
        }
    }

    /** A caller that is the given dependency. */
    private record Named(Dependency dependency) implements Caller {
    }

    static final class DependencyConverter implements ITypeConverter<Dependency> {
        @Override
        public Dependency convert(String value) {
            Dependency d = Dependency.parse(value);
            if (d == null || value.indexOf(' ') >= 0) {
                throw new TypeConversionException("'" + value + "' is not GROUP:ARTIFACT (e.g. com.stripe:stripe-java)");
            }
            return d;
        }
    }

    static final class IpConverter implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            try {
                return InetAddresses.forString(value); // a literal only: never a lookup
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an IP address");
            }
        }
    }
}
