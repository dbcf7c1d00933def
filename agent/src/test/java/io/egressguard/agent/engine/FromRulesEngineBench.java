package io.egressguard.agent.engine;

import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import io.egressguard.policy.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;

/**
 * Not a unit test: the engine's own cost of an allowed connect (the JDK connect hook's whole work:
 * decide, and let through unrecorded) under 1,000 rules without from: and the same 1,000 with a
 * from: each, interleaved in one thread (blocks of 200,000 calls, thread CPU time), so that both
 * see the same machine. The destination has no from-rule: the from-policy must cost nothing more.
 * Also: the same connect when a from-rule sits at the destination (the stack walked each time).
 * Run (after test-compile): {@code java -cp agent/target/classes:agent/target/test-classes:policy/target/classes:event/target/classes:$(cat /tmp/policy-cp.txt)
 * io.egressguard.agent.engine.FromRulesEngineBench [rounds]}
 */
public final class FromRulesEngineBench {
    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createTempDirectory("from-bench");
        StringBuilder plain = new StringBuilder("rules:\n");
        StringBuilder from = new StringBuilder("rules:\n");
        for (int i = 0; i < 1000; i++) {
            plain.append("  - allow: api").append(i).append(".vendor").append(i).append(".test\n    ports: [443]\n");
            from.append("  - allow: api").append(i).append(".vendor").append(i).append(".test\n    ports: [443]\n    from: com.vendor")
                    .append(i).append(":sdk\n");
        }
        String here = from + "  - allow: svc.bench.test\n    from: com.vendor0:sdk\n";
        Engine a = engine(Files.writeString(dir.resolve("plain.yaml"), plain));
        Engine b = engine(Files.writeString(dir.resolve("from.yaml"), from));
        Engine c = engine(Files.writeString(dir.resolve("here.yaml"), here));
        InetAddress target = InetAddress.getByAddress("svc.bench.test", new byte[] {127, 0, 0, 1});
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] ratio = new double[rounds];
        double[] na = new double[rounds];
        double[] nb = new double[rounds];
        double[] nc = new double[rounds];
        for (int w = 0; w < 3; w++) {
            run(mx, a, target, 200_000);
            run(mx, b, target, 200_000);
            run(mx, c, target, 20_000);
        }
        for (int r = 0; r < rounds; r++) {
            boolean aFirst = r % 2 == 0;
            double x = aFirst ? run(mx, a, target, 200_000) : 0;
            double y = run(mx, b, target, 200_000);
            if (!aFirst) {
                x = run(mx, a, target, 200_000);
            }
            na[r] = x;
            nb[r] = y;
            ratio[r] = x / y;
            nc[r] = run(mx, c, target, 20_000);
        }
        // The best block of each is its cost with the least interference from the rest of the machine.
        System.out.printf("allowed connect, engine CPU per call: no from %.0f ns (best %.0f), 1,000 from-rules elsewhere %.0f ns (best %.0f);"
                + " ratio no-from/from median %.3f (%.3f-%.3f) over %d rounds%n", median(na), min(na), median(nb), min(nb),
                median(ratio), min(ratio), max(ratio), rounds);
        System.out.printf("with a from-rule at the destination (the stack walked, no coordinates found): %.0f ns%n", median(nc));
    }

    private static double run(ThreadMXBean mx, Engine e, InetAddress target, int n) {
        long t0 = mx.getCurrentThreadCpuTime();
        Object last = null;
        for (int i = 0; i < n; i++) {
            last = e.onConnect(target, 443);
        }
        sink = last;
        return (double) (mx.getCurrentThreadCpuTime() - t0) / n;
    }

    private static Engine engine(Path policy) throws Exception {
        EventSink sink = new EventSink() {
            @Override
            public boolean offer(Event e) {
                return true;
            }

            @Override
            public void lost(long attempts) {
            }
        };
        return new Engine(new PolicyHolder(PolicyLoader.load(policy)), false, false, new StackCapture(64, new CodeOrigins()),
                new PayloadPreview(1024), new RepeatFolder(sink, 0), new JvmInfo(),
                new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                new Engine.Settings(new HeaderRedaction(true, Collections.<String>emptyList()), 1024));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] x) {
        return Arrays.stream(x).min().orElse(0);
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElse(0);
    }
}
