package io.egressguard.agent.it;

import java.util.stream.Collectors;

import io.egressguard.event.Action;

import io.egressguard.event.Event;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.BackstopPaths;
import io.egressguard.agent.itapps.Lookup;
import io.egressguard.agent.itapps.Poller;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad policy fails closed with one line naming file and line; edits apply live; bad edits are refused. */
class PolicyLifecycleIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aBadPolicyFailsClosedAndSaysWhereTheProblemIs(Path jdk, @TempDir Path tmp) throws Exception {
        Path policy = Policies.write(tmp.resolve("bad.yaml"), "rules:\n  - dney: \"*.example.com\"\n");
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.2 phone.example.test\n");
        try (CanaryServer canary = new CanaryServer()) {
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + tmp.resolve("journal"))
                    .jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .run(Lookup.class.getName(), "lookup", "0", "phone.example.test");
            assertEquals(0, r.exitCode, "the app keeps running: " + r);
            String[] lines = r.agentStderr().trim().split("\n");
            assertEquals(1, lines.length, "exactly one line: " + r.stderr);
            assertTrue(lines[0].startsWith("egressguard: " + policy + ":2:"), lines[0]);
            assertTrue(lines[0].contains("dney"), lines[0]);
            assertTrue(lines[0].contains("failing closed"), lines[0]);
            assertEquals("blocked-lookup", r.result("lookup:phone.example.test"), "fail closed refuses names: " + r);

            ForkedJvm.Result loopback = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + tmp.resolve("journal"))
                    .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "socket");
            assertEquals("ok", loopback.result("socket"), "fail closed still allows loopback: " + loopback);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void editsApplyWithinTwoSecondsAndABadEditKeepsTheLastGoodPolicy(Path jdk, @TempDir Path tmp) throws Exception {
        editsApply(jdk, tmp, "socket");
    }

    /** The HTTP hooks reuse a thread's last decision for the same host and port: only until the policy changes. */
    @ParameterizedTest
    @MethodSource("jdks")
    void editsApplyToTheNextHttpRequestOfTheSameThreadToTheSameUrl(Path jdk, @TempDir Path tmp) throws Exception {
        editsApply(jdk, tmp, "http");
    }

    private void editsApply(Path jdk, Path tmp, String mode) throws Exception {
        Path policy = Policies.write(tmp.resolve("policy.yaml"), "rules: []\n");
        Path stderr = tmp.resolve("stderr.txt");
        try (CanaryServer canary = new CanaryServer()) {
            Process p = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + tmp.resolve("journal"))
                    .start(stderr, Poller.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "20", mode);
            BlockingQueue<String> polls = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("POLL ")) {
                            polls.add(line.substring(line.lastIndexOf(' ') + 1));
                        }
                    }
                } catch (Exception ignored) {
                    // process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                assertEquals("ok", awaitOutcome(polls, "ok", 10_000), "loopback allowed before the edit");

                Policies.denyCanary(tmp);
                long edited = System.nanoTime();
                assertEquals("blocked", awaitOutcome(polls, "blocked", 5_000), "the deny edit took effect");
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - edited);
                assertTrue(tookMillis <= 2_000, "edit applied after " + tookMillis + " ms");

                Policies.write(policy, "rules:\n  - deny: 127.0.0.2\n    ports: [\"9-1\"]\n");
                long deadline = System.currentTimeMillis() + 3_000;
                String said = "";
                while (System.currentTimeMillis() < deadline && !said.contains(policy + ":3")) {
                    Thread.sleep(100);
                    said = Files.readString(stderr);
                }
                assertTrue(said.contains("egressguard: " + policy + ":3"), "the bad edit is reported with its line: " + said);
                polls.clear();
                Thread.sleep(500);
                assertFalse(polls.isEmpty());
                assertTrue(polls.stream().allMatch("blocked"::equals), "the last good policy stays in force: " + polls);
                if (mode.equals("http")) {
                    // Refused by the HTTP hook's own fresh decision, not only by the socket backstop under it.
                    long deadlineJournal = System.currentTimeMillis() + 3_000;
                    List<Event> events = List.of();
                    while (System.currentTimeMillis() < deadlineJournal
                            && events.stream().noneMatch(e -> "http-urlconnection".equals(e.api))) {
                        Thread.sleep(100);
                        events = JournalEvents.readAll(tmp.resolve("journal"));
                    }
                    assertTrue(events.stream().anyMatch(e -> "http-urlconnection".equals(e.api) && e.action == Action.BLOCKED),
                            "the HTTP hook refused after the edit: " + events.stream().map(e -> e.api + "/" + e.action).collect(Collectors.toList()));
                }
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String awaitOutcome(BlockingQueue<String> polls, String wanted, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            String o = polls.poll(100, TimeUnit.MILLISECONDS);
            if (o != null) {
                last = o;
                if (o.equals(wanted)) {
                    return o;
                }
            }
        }
        return last;
    }
}
