package io.egressguard.agent.engine;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.bootstrap.EgressBlockedLookupException;
import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.EventParts;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Policy;
import io.egressguard.policy.Verdict;
import io.egressguard.event.Action;
import io.egressguard.event.Api;
import io.egressguard.event.Event;
import io.egressguard.event.EventIds;
import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.lang.StackWalker.StackFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The decision engine: decides each attempt the hooks report, records what must be recorded, and
 * hands back the block. It decides the JDK's connect, UDP and lookup paths itself, and gives the
 * library modules what they decide their own hooks with: the policy, the HTTP attempt logic, the
 * call sites of handed-over work, the records. The allowed path (the common one) asks the policy
 * and returns: no capture, no event.
 */
public final class Engine {
    private final PolicyHolder policy;
    private volatile SelfTest selfTest;
    /** Whether this thread is a library's worker (no app code on its stack): walked only when the memory of another thread's attempt matches. */
    private final java.util.function.BooleanSupplier onAWorker = new java.util.function.BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return !callSites.captureHere().culpritIsApp();
        }
    };
    private final boolean monitorOnly;
    private final boolean recordAllowed;
    private final PayloadPreview payloads;
    private final RepeatFolder folder;
    private final LookupMemory lookups = new LookupMemory();
    private final JvmInfo jvm;
    private final AgentLog log;
    /** A failure while recording has been said (once: it may repeat for every attempt). */
    private volatile boolean recordingFailureTold;
    private final HttpAttempts http;
    private final CallSites callSites;
    private final Callers callers;
    private final AllowedConnects connects = new AllowedConnects();
    private final Settings settings;

    /** The options that shape records and bound the engine's tables. */
    public static final class Settings {
        final HeaderRedaction redaction;
        final int payloadMax;
        /** Heap each table of waiting requests or watched connections may hold (table.bytes). */
        final long tableBytes;

        public Settings(HeaderRedaction redaction, int payloadMax) {
            this(redaction, payloadMax, RepeatFolder.DEFAULT_MAX_BYTES);
        }

        public Settings(HeaderRedaction redaction, int payloadMax, long tableBytes) {
            this.redaction = redaction;
            this.payloadMax = payloadMax;
            this.tableBytes = tableBytes;
        }

        public HeaderRedaction redaction() {
            return redaction;
        }

        public int payloadMax() {
            return payloadMax;
        }

        /** Entries of {@code eachBytes} that fit in table.bytes, within [min, max]. */
        public int entries(long eachBytes, int min, int max) {
            return (int) Math.max(min, Math.min(max, tableBytes / eachBytes));
        }
    }

    /** Set before the gate opens: the hooks' self-test, whose own probes this engine refuses. */
    public void selfTest(SelfTest probes) {
        this.selfTest = probes;
    }

    public Engine(PolicyHolder policy, boolean monitorOnly, boolean recordAllowed, StackCapture stacks,
                  PayloadPreview payloads, RepeatFolder folder, JvmInfo jvm, AgentLog log, Settings settings) {
        this.policy = policy;
        this.monitorOnly = monitorOnly;
        this.recordAllowed = recordAllowed;
        this.payloads = payloads;
        this.folder = folder;
        this.jvm = jvm;
        this.log = log;
        this.settings = settings;
        this.callSites = new CallSites(stacks);
        this.callers = new Callers(stacks, callSites);
        this.http = new HttpAttempts(this, settings);
    }

    /** A JDK connect to {@code address}: the backstop every TCP client reaches. */
    public IOException onConnect(InetAddress address, int port) {
        SelfTest probes = selfTest;
        if (probes != null) {
            IOException probe = probes.refuses(address, port);
            if (probe != null) {
                return probe;
            }
        }
        String host = Destinations.hostOf(address);
        Policy p = policy.get();
        Decision d = p.decide(host, address, port, callers.of(p, null, host, address));
        Action action = actionOf(d);
        if (action == Action.ALLOWED && !recordAllowed) {
            if (host != null) {
                connects.allowed(host, port, p);
            }
            return null;
        }
        try {
            return recordConnect(host, address, port, d, action);
        } catch (Throwable bug) {
            return unrecorded("connect", bug, action, new EgressBlockedException(host != null ? host : address.getHostAddress(), port, d.rule(), null));
        }
    }

    private IOException recordConnect(String host, InetAddress address, int port, Decision d, Action action) {
        if (host != null) {
            connects.recorded(host);
        }
        long now = System.nanoTime();
        String id = null;
        // An IP-literal URL's connect carries no name: the HTTP hook remembered the literal.
        if (!lookups.recordedRecently(host != null ? host : address.getHostAddress(), action, now, onAWorker)) {
            // A request whose name only its address decides waited for this connect.
            HttpAttempts.Pending request = host != null ? http.takePending(host, now) : null;
            if (request == null) {
                return recordThrown(Attempt.of(Api.SOCKET, host, address, port, d, action));
            }
            id = http.recordPending(request, address, port, d, action);
        }
        return action == Action.BLOCKED ? new EgressBlockedException(host != null ? host : address.getHostAddress(), port, d.rule(), id) : null;
    }

    /** An unconnected UDP send: decided by its target, recorded with the datagram's bytes. */
    public IOException onDatagram(InetSocketAddress target, ByteBuffer data) {
        InetAddress address = target.getAddress();
        String host = address != null ? Destinations.hostOf(address) : target.getHostString();
        Policy p = policy.get();
        Decision d = p.decide(host, address, target.getPort(), callers.of(p, null, host, address));
        Action action = actionOf(d);
        if (action == Action.ALLOWED && !recordAllowed) {
            return null;
        }
        try {
            // host is the target's name when it has no address
            return recordThrown(Attempt.of(Api.UDP, host, address, target.getPort(), d, action).payload(payloads.capture(data)));
        } catch (Throwable bug) {
            return unrecorded("datagram", bug, action, new EgressBlockedException(host, target.getPort(), d.rule(), null));
        }
    }

    /** A JDK lookup: only a rule that decides by name acts here, before any query leaves. */
    public IOException onLookup(String host) {
        return lookup(Api.DNS, host, null);
    }

    /**
     * A lookup of {@code host} by the JDK or a library's own resolver ({@code site}: the stack of
     * the code it works for, or null). Only a rule that decides by name acts, before any query
     * leaves; everything else is decided at connect time, by the name the address carries or by the
     * address itself. Returns the refusal, or null.
     */
    public EgressBlockedLookupException lookup(Api api, String host, CallSite site) {
        SelfTest probes = selfTest;
        if (probes != null) {
            EgressBlockedLookupException probe = probes.refuses(host);
            if (probe != null) {
                return probe;
            }
        }
        if (Destinations.isIpLiteral(host)) {
            return null;
        }
        Policy p = policy.get();
        Decision d = p.decideByName(host, -1, callers.of(p, null, host, null));
        if (d == null) {
            return null;
        }
        Action action = actionOf(d);
        if (action == Action.ALLOWED && !recordAllowed) {
            return null;
        }
        String id = null;
        try {
            Attempt a = Attempt.of(api, host, null, -1, d, action).site(site);
            if (!lookups.requestRecordedRecently(host, action, a.at, onAWorker)) { // else a hook above recorded this attempt
                id = record(a);
                lookups.remember(host, action, a.at);
            }
        } catch (Throwable bug) {
            return (EgressBlockedLookupException) unrecorded("lookup", bug, action, new EgressBlockedLookupException(host, d.rule(), null));
        }
        return action == Action.BLOCKED ? new EgressBlockedLookupException(host, d.rule(), id) : null;
    }

    /**
     * A failure while recording must not cost the decision: the gate lets a call through when its
     * handler throws, so a denied attempt whose record failed (an agent bug, the heap full) is
     * refused here all the same, counted as dropped, and the failure said once.
     */
    IOException unrecorded(String hook, Throwable bug, Action action, IOException block) {
        try {
            folder.lost(1);
            if (!recordingFailureTold) {
                recordingFailureTold = true;
                log.warn("internal error while recording in the " + hook + " hook: " + bug
                        + "; the attempt is still decided by the policy and counted as dropped");
            }
        } catch (Throwable ignored) {
            // the block below is what matters
        }
        return action == Action.BLOCKED ? block : null;
    }

    /**
     * Code on this thread hands work ({@code carrier}) to another thread that will connect to
     * {@code host} (null: unknown): keeps this thread's stack for the record made there, unless the
     * destination is sure to be allowed and unrecorded. {@code waitsIn}, when the caller then waits
     * in a blocking call of its library: for a destination let through last time, only the thread
     * is kept, and its stack read from that call if the connect is recorded after all.
     */
    public void handOver(String host, int port, Object carrier, WaitPoint waitsIn) {
        if (host == null) {
            callSites.remember(carrier);
            return;
        }
        Policy p = policy.get();
        if (!CallerStackNeed.needed(p, host, null, port, recordAllowed, callers.of(p, null, host, null))) {
            return; // sure to be allowed and not recorded: the stack would never be used
        }
        if (waitsIn != null && !recordAllowed && connects.lastAllowed(host, port, p)) {
            callSites.rememberWaiter(carrier, waitsIn);
            return;
        }
        callSites.remember(carrier);
    }

    public Action actionOf(Decision d) {
        Verdict v = d.verdict();
        if (v == Verdict.ALLOW) {
            return Action.ALLOWED;
        }
        if (v == Verdict.MONITOR || monitorOnly) {
            return Action.MONITORED;
        }
        return Action.BLOCKED;
    }

    public boolean recordsAllowed() {
        return recordAllowed;
    }

    public Policy policy() {
        return policy.get();
    }

    /** Whether the stack of the code handing over work to {@code host}/{@code address} can be of use. */
    public boolean callerStackNeeded(String host, InetAddress address, int port) {
        Policy p = policy.get();
        return CallerStackNeed.needed(p, host, address, port, recordAllowed, callers.of(p, null, host, address));
    }

    public HttpAttempts http() {
        return http;
    }

    public CallSites callSites() {
        return callSites;
    }

    /** Who makes an attempt, for the policy's from-rules. */
    public Callers callers() {
        return callers;
    }

    public LookupMemory lookups() {
        return lookups;
    }

    public PayloadPreview payloads() {
        return payloads;
    }

    public Settings settings() {
        return settings;
    }

    public AgentLog log() {
        return log;
    }

    AllowedConnects connects() {
        return connects;
    }

    /** Folds or records an attempt; the id of the record it went into. */
    public String record(Attempt a) {
        return begin(a, false).finish(a).id();
    }

    /** Folds or records an attempt whose caller throws the block: the block (naming the record), or null. */
    public EgressBlockedException recordThrown(Attempt a) {
        return begin(a, true).finish(a).block();
    }

    /**
     * Decides whether the attempt repeats an earlier record (folded into it) before its request is
     * read: the stack is captured (this thread's when the attempt has no site) and the fold decided
     * as soon as the stack walk finds the culprit. Record it with {@link Recording#finish} unless
     * {@link Recording#isRepeat()}.
     *
     * @param throwsBlock the caller throws {@link Recording#block()} if the attempt is blocked: its
     *                    exception is then made during the capture and carries the recorded stack
     */
    public Recording begin(Attempt a, boolean throwsBlock) {
        Recording r = new Recording(a, throwsBlock && a.action == Action.BLOCKED);
        a.site = a.site != null ? a.site : callSites.here(folder.folds() ? r : null, r);
        if (folder.folds() && r.key == null) {
            r.fold(a.site.culpritKey()); // a remembered stack, or a culprit that is no app code
        }
        return r;
    }

    /**
     * An attempt on its way to a record. As a predicate, it folds the attempt by its culprit while
     * the stack is walked: true (walk no further) when it is a repeat. As a supplier, it makes the
     * backtrace a recorded stack is read from: for a blocked attempt whose caller throws
     * {@link #block()}, that exception itself, so that the JVM fills in the caller's stack once (the
     * costliest step of a recorded attempt).
     */
    public final class Recording implements Predicate<StackFrame>, Supplier<Throwable> {
        private final Attempt attempt;
        private String key;
        /** The record this attempt was counted into as a repeat, or null: record it. */
        private String repeatOf;
        /** The id of this attempt's own record, once recorded. */
        private String recordId;
        /** The caller throws {@link #block()}: the capture makes it. */
        private final boolean throwsBlock;
        /** The exception made during the capture, with the id its record will have; or null. */
        private EgressBlockedException thrown;

        Recording(Attempt attempt, boolean throwsBlock) {
            this.attempt = attempt;
            this.throwsBlock = throwsBlock;
        }

        public boolean isRepeat() {
            return repeatOf != null;
        }

        /**
         * Records the attempt unless it is a repeat; {@code complete} is the same attempt with its
         * request and payload read (or {@link #begin}'s own).
         */
        public Recording finish(Attempt complete) {
            if (repeatOf == null) {
                complete.site = attempt.site;
                write(complete);
            }
            return this;
        }

        /** The record this attempt went into: its own, or the one it repeats. */
        public String id() {
            return repeatOf != null ? repeatOf : recordId;
        }

        /** What the caller throws: null unless blocked; names {@link #id()}. */
        public EgressBlockedException block() {
            if (attempt.action != Action.BLOCKED) {
                return null;
            }
            return thrown != null ? thrown : blocked(id());
        }

        @Override
        public Throwable get() {
            if (!throwsBlock) {
                return new Throwable();
            }
            thrown = blocked(EventIds.next(System.currentTimeMillis()));
            return thrown;
        }

        private EgressBlockedException blocked(String id) {
            return new EgressBlockedException(attempt.destination(), attempt.port, attempt.decision.rule(), id);
        }

        @Override
        public boolean test(StackFrame culprit) {
            fold(CallSite.keyOf(culprit));
            return repeatOf != null;
        }

        void fold(String culpritKey) {
            Attempt a = attempt;
            StringBuilder k = new StringBuilder(96).append(a.api.wireName()).append('|').append(a.action).append('|').append(a.host).append('|')
                    .append(a.ip).append('|').append(a.port).append('|')
                    .append(a.decision.rule()).append('|').append(culpritKey);
            if (a.requestLine != null) {
                // Repeats of one request fold; a different endpoint or method is its own record.
                k.append('|').append(a.requestLine);
            }
            key = k.toString();
            repeatOf = folder.fold(key, a.at);
        }

        /** Builds the event and hands it to the journal. The stack stays raw and the payload's previews unmade: the journal writer fills them in ({@link EventParts}). */
        private void write(Attempt a) {
            Event e = new Event();
            long wall = System.currentTimeMillis();
            e.id = thrown != null ? thrown.eventId() : EventIds.next(wall);
            recordId = e.id;
            Instant t = Instant.now();
            e.time = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            e.action = a.action;
            e.rule = a.decision.rule();
            e.severity = a.decision.severity();
            e.vendor = a.decision.vendor();
            e.api = a.api.wireName();
            e.host = a.host;
            e.port = a.port;
            e.ip = a.ip;
            e.thread = Thread.currentThread().getName();
            e.jvm = jvm;
            e.payload = a.payload != null ? a.payload.payload() : null;
            e.request = a.request;
            e.defer(new EventParts(a.site, a.payload));
            folder.record(e, key, a.at);
        }
    }
}
