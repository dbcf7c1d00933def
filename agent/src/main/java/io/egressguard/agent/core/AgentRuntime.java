package io.egressguard.agent.core;

import io.egressguard.agent.bootstrap.Gate;
import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.agent.config.AgentConfig;
import io.egressguard.agent.config.Options;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.HookInstaller;
import io.egressguard.agent.journal.ChronicleModuleAccess;
import io.egressguard.agent.journal.Journal;
import io.egressguard.agent.journal.JournalSettings;
import io.egressguard.agent.policy.Policy;
import io.egressguard.agent.policy.PolicyWatcher;
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

    private final List<EntryHook> hooks;
    private final AgentLog log;

    private final Instrumentation inst;

    AgentRuntime(AgentConfig config, Instrumentation inst, List<EntryHook> hooks, AgentLog log) {
        this.config = config;
        this.inst = inst;
        this.hooks = hooks;
        this.log = log;
    }

    void start() {
        Gate.markInternalThread();
        try {
            grantChronicleAccess();
            HookInstaller.retransformLoaded(inst, hooks, log);
            Properties props = System.getProperties();
            PolicyHolder policy = new PolicyHolder(Policy.defaults());
            watchPolicy(policy, props);
            JvmInfo jvm = JvmInfoProbe.probe(props, System.getenv());
            Path queue = Paths.get(config.path(Options.QUEUE, props));
            JournalSettings settings = JournalSettings.defaults()
                    .withRingCapacity((int) config.number(Options.RING_SIZE))
                    .withRingBytes(config.number(Options.RING_BYTES))
                    .withMinFreeBytes(config.number(Options.DISK_MIN_FREE))
                    .withCloseWaitMillis(config.number(Options.SHUTDOWN_WAIT));
            Journal journal = Journal.open(queue, jvm, settings, log::warn);
            RepeatFolder folder = new RepeatFolder(journal::offer, config.number(Options.FOLD_WINDOW));
            EgressHandler handler = new EgressHandler(policy,
                    "monitor".equals(config.string(Options.MODE)),
                    "all".equals(config.string(Options.RECORD)),
                    new StackCapture((int) config.number(Options.STACK_DEPTH), new CodeOrigins()),
                    new PayloadPreview((int) config.number(Options.PAYLOAD_MAX)),
                    folder, jvm, log, new HttpAttempts.Settings(
                            new HeaderRedaction(!"none".equals(config.string(Options.REDACT)), config.list(Options.REDACT_HEADERS)),
                            (int) config.number(Options.PAYLOAD_MAX)));
            // The exit spill's hook goes in before the gate opens: an app let through now can make its
            // attempts and exit before this thread runs again, and its events would have no hook.
            addExitHook(folder, journal);
            Gate.install(handler);
            startFlusher(folder);
            for (EntryHook h : HookInstaller.unwoven(hooks)) {
                log.warn("hook " + h.name() + " (" + h.target() + ") is not in place on this JDK: those calls are not checked");
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
     * the watcher's poll; a bad first load fails closed (loopback only) until the file is fixed; a
     * bad later edit keeps the last good policy. Each problem is one line naming file and line.
     */
    private void watchPolicy(PolicyHolder policy, Properties props) {
        String file = config.path(Options.POLICY, props);
        if (file.isEmpty()) {
            return;
        }
        final boolean[] started = {false};
        PolicyWatcher watcher = PolicyWatcher.start(Paths.get(file), new PolicyWatcher.Listener() {
            @Override
            public void onPolicy(Policy next) {
                policy.set(next);
            }

            @Override
            public void onError(String message) {
                log.warn(message + (started[0] ? " -- keeping the last good policy" : " -- failing closed (only loopback allowed) until the policy is fixed"));
            }
        });
        policy.set(watcher.current());
        started[0] = true;
    }

    private void startFlusher(RepeatFolder folder) {
        Thread flusher = new Thread(new Runnable() {
            @Override
            public void run() {
                Gate.markInternalThread();
                while (true) {
                    try {
                        Thread.sleep(FLUSH_PERIOD_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    folder.flush(System.nanoTime(), false);
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
                folder.flush(System.nanoTime(), true);
                journal.close();
            }
        }, "egressguard-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(flushAtExit);
        } catch (IllegalStateException exiting) {
            // The app began to exit while the agent was still starting (its first network class
            // loaded just before): the gate is not open yet, so nothing can have been recorded.
        }
    }
}
