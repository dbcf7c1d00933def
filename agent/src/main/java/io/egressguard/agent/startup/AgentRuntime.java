package io.egressguard.agent.startup;

import io.egressguard.agent.bootstrap.Gate;
import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.agent.config.AgentConfig;
import io.egressguard.agent.config.HeapShares;
import io.egressguard.agent.config.Options;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.HookInstaller;
import io.egressguard.agent.instrumentation.Instrumentations;
import io.egressguard.agent.engine.AgentLog;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.EventSink;
import io.egressguard.agent.engine.FailClosedHandler;
import io.egressguard.agent.engine.SelfTest;
import io.egressguard.agent.engine.PolicyHolder;
import io.egressguard.agent.engine.RepeatFolder;
import io.egressguard.agent.journal.ChronicleModuleAccess;
import io.egressguard.agent.journal.Journal;
import io.egressguard.agent.journal.JournalSettings;
import io.egressguard.policy.Policy;
import io.egressguard.policy.PolicyWatcher;
import io.egressguard.policy.WritableFiles;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;

/**
 * Everything the agent needs beyond the hooks, built off the main thread by {@link AgentStartup}: the policy (and its
 * watcher), the journal, the handler the gate asks. It ends by publishing the handler, which
 * releases any app thread that tried to connect meanwhile.
 */
final class AgentRuntime {
    private static final long FLUSH_PERIOD_MILLIS = 250;

    private final AgentConfig config;

    private final Instrumentations instrumentations;
    private final List<EntryHook> hooks;
    private final AgentLog log;

    private final Instrumentation inst;

    AgentRuntime(AgentConfig config, Instrumentation inst, Instrumentations instrumentations, AgentLog log) {
        this.config = config;
        this.inst = inst;
        this.instrumentations = instrumentations;
        this.hooks = instrumentations.hooks();
        this.log = log;
    }

    void start() {
        Gate.markInternalThread();
        try {
            Properties props = System.getProperties();
            PolicyHolder policy = new PolicyHolder(Policy.defaults());
            watchPolicy(policy, props);
            // The policy is known (or failed, and fails closed) before the journal opens: local
            // destinations it leaves alone stop waiting for the handler now.
            Gate.localDestinationsFree(!"all".equals(config.string(Options.RECORD)) && !policy.get().decidesLocalDestinations());
            grantChronicleAccess();
            HookInstaller.retransformLoaded(inst, hooks, log);
            JvmInfo jvm = JvmInfoProbe.probe(props, System.getenv());
            Path queue = Paths.get(config.path(Options.QUEUE, props));
            long maxHeap = Runtime.getRuntime().maxMemory();
            long tableBytes = HeapShares.tableBytes(config, maxHeap);
            JournalSettings settings = JournalSettings.defaults()
                    .withRingCapacity((int) config.number(Options.RING_SIZE))
                    .withRingBytes(HeapShares.ringBytes(config, maxHeap))
                    .withOverflowBytes(tableBytes)
                    .withMinFreeBytes(config.number(Options.DISK_MIN_FREE))
                    .withCloseWaitMillis(config.number(Options.SHUTDOWN_WAIT));
            Journal journal = Journal.open(queue, jvm, settings, log::warn);
            RepeatFolder folder = new RepeatFolder(new JournalEvents(journal), config.number(Options.FOLD_WINDOW), tableBytes);
            CodeOrigins origins = new CodeOrigins(instrumentations.transportPackages());
            if (policy.get().hasFromRules()) {
                CoordinatesAhead.start(origins, log);
            }
            Engine engine = new Engine(policy,
                    "monitor".equals(config.string(Options.MODE)),
                    "all".equals(config.string(Options.RECORD)),
                    new StackCapture((int) config.number(Options.STACK_DEPTH), origins),
                    new PayloadPreview((int) config.number(Options.PAYLOAD_MAX)),
                    folder, jvm, log, new Engine.Settings(
                            new HeaderRedaction(!"none".equals(config.string(Options.REDACT)), config.list(Options.REDACT_HEADERS)),
                            (int) config.number(Options.PAYLOAD_MAX), tableBytes));
            // The exit spill's hook goes in before the gate opens: an app let through now can make its
            // attempts and exit before this thread runs again, and its events would have no hook.
            addExitHook(folder, journal);
            SelfTest selfTest = new SelfTest(selfTestOutcome("monitor".equals(config.string(Options.MODE))));
            engine.selfTest(selfTest);
            Gate.install(instrumentations.dispatch(engine));
            selfTest.start();
            startFlusher(folder);
            List<EntryHook> missing = HookInstaller.unwoven(hooks);
            // A short app may exit while this thread still starts: classes loaded once the JVM is
            // going down are not transformed, and would be reported as missing hooks.
            if (!exiting()) {
                for (EntryHook h : missing) {
                    log.warn("hook " + h.name() + " (" + h.target() + ") is not in place on this JDK: those calls are not checked");
                }
                if (config.bool(Options.VERBOSE)) {
                    List<String> inPlace = new java.util.ArrayList<>();
                    for (EntryHook h : hooks) {
                        if (!missing.contains(h)) {
                            inPlace.add(h.name());
                        }
                    }
                    log.warn("hooks in place: " + String.join(", ", inPlace));
                }
            }
        } catch (Throwable t) {
            // Without a handler every app thread would wait 10 s and then fail closed: publish a
            // handler that fails closed at once instead, and say why.
            log.warn("agent start-up failed, only loopback is allowed: " + t);
            Gate.install(new FailClosedHandler(t.toString(), log));
        }
    }

    /**
     * Chronicle's JDK internals, sun.misc for UnsafeWarning (JDK 24+), and the HttpURLConnection
     * internals UrlConnectionReader reads, to the agent's module only. Granted before the handler is
     * published; the gate holds HTTP calls until then.
     */
    private void grantChronicleAccess() {
        ModuleAccess access = new ModuleAccess(AgentRuntime.class.getModule()).open("jdk.unsupported", "sun.misc")
                .open("java.base", "sun.net.www.protocol.http")
                .open("java.base", "sun.net.www")
                .open("java.base", "sun.net.www.http")
                .open("java.base", "java.net");
        for (ChronicleModuleAccess.Grant g : ChronicleModuleAccess.required()) {
            if (g.open) {
                access.open(g.module, g.pkg);
            } else {
                access.export(g.module, g.pkg);
            }
        }
        access.grant(inst);
    }

    /**
     * With a policy file, loads it and keeps watching it: a good edit replaces the policy within
     * the watcher's poll; a bad first load, or one that does not finish within
     * {@link PolicyWatcher#FIRST_LOAD_MILLIS}, fails closed (loopback only) until a good version
     * loads; a bad later edit keeps the last good policy. Each problem is one line naming the file.
     */
    private void watchPolicy(PolicyHolder policy, Properties props) {
        String file = config.path(Options.POLICY, props);
        if (file.isEmpty()) {
            return;
        }
        PolicyUpdates updates = new PolicyUpdates(policy, log);
        // root can modify any file, and the agent's own jar too: no check can protect the policy from
        // such an app, and refusing every policy would leave every container that runs as root closed
        boolean refuseWritable = "refuse".equals(config.string(Options.POLICY_WRITABLE)) && !WritableFiles.runningAsRoot();
        PolicyWatcher watcher = refuseWritable ? PolicyWatcher.startRefusingWritable(Paths.get(file), updates)
                : PolicyWatcher.start(Paths.get(file), updates);
        updates.startedWith(watcher.current());
    }

    /** Publishes the watcher's policies; a problem's line says whether the app is failing closed. */
    private static final class PolicyUpdates implements PolicyWatcher.Listener {
        private final PolicyHolder policy;
        private final AgentLog log;
        /** Guarded by this: a good policy has been in force; the watcher published before start-up took over. */
        private boolean good;
        private boolean published;

        PolicyUpdates(PolicyHolder policy, AgentLog log) {
            this.policy = policy;
            this.log = log;
        }

        /** The watcher's policy once start() returned, unless a late first load already replaced it. */
        synchronized void startedWith(Policy first) {
            if (!published) {
                policy.set(first);
                good = !Policy.FAIL_CLOSED.equals(first.source());
            }
        }

        @Override
        public synchronized void onPolicy(Policy next) {
            policy.set(next);
            good = true;
            published = true;
        }

        @Override
        public void onError(String message) {
            boolean keeping;
            synchronized (this) {
                keeping = good;
            }
            log.warn(message + (keeping ? " -- keeping the last good policy"
                    : " -- failing closed (only loopback, localhost and this host's name allowed) until the policy loads"));
        }
    }

    /** A failed self-test is one line; in enforce mode the agent then fails closed, since a hook it relies on is gone. */
    private SelfTest.Result selfTestOutcome(boolean monitor) {
        return new SelfTest.Result() {
            @Override
            public void done(String problem) {
                if (problem == null) {
                    if (config.bool(Options.VERBOSE)) {
                        log.warn("self-test passed: the lookup and connect probes were refused by the hooks");
                    }
                    return;
                }
                if (monitor) {
                    log.warn("self-test failed: " + problem + " -- monitor mode: nothing else changes");
                    return;
                }
                log.warn("self-test failed: " + problem + " -- failing closed (only loopback, localhost and this host's name allowed)");
                Gate.install(new FailClosedHandler("self-test: " + problem, log));
            }
        };
    }

    /** True once the JVM has begun to shut down (no shutdown hook can be added then). */
    private static boolean exiting() {
        Thread probe = new Thread("egressguard-exit-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private void startFlusher(RepeatFolder folder) {
        Thread flusher = new Thread(new Runnable() {
            @Override
            public void run() {
                Gate.markInternalThread();
                boolean told = false;
                while (true) {
                    try {
                        Thread.sleep(FLUSH_PERIOD_MILLIS);
                        folder.flush(System.nanoTime(), false);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable t) {
                        // Out of memory, say. Dying here would leave every window open for good (the
                        // table full, folding off) and their counts untold: say so once and go on.
                        if (!told) {
                            told = true;
                            try {
                                log.warn("fold thread: " + t + "; it carries on (repeats it could not count are told as dropped)");
                            } catch (Throwable ignored) {
                                // nothing left to say it with
                            }
                        }
                    }
                }
            }
        }, "egressguard-fold");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** At exit: the held repeats into the journal, then the journal's exit spill (Journal.close). */
    private static void addExitHook(RepeatFolder folder, Journal journal) {
        Thread flushAtExit = new Thread(new Runnable() {
            @Override
            public void run() {
                Gate.markInternalThread();
                try {
                    folder.flush(System.nanoTime(), true);
                } finally {
                    journal.close();
                }
            }
        }, "egressguard-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(flushAtExit);
        } catch (IllegalStateException exiting) {
            // The app began to exit while the agent was still starting (its first network class
            // loaded just before): the gate is not open yet, so nothing can have been recorded.
        }
    }

    /** The fold table's sink: the journal, which also counts the attempts of windows lost to an error. */
    private static final class JournalEvents implements EventSink {
        private final Journal journal;

        JournalEvents(Journal journal) {
            this.journal = journal;
        }

        @Override
        public boolean offer(Event event) {
            return journal.offer(event);
        }

        @Override
        public void lost(long attempts) {
            journal.lost(attempts);
        }
    }
}
