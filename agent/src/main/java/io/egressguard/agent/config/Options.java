package io.egressguard.agent.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every agent option, in the order the configuration reference lists them. */
public final class Options {
    public static final Option POLICY = Option.path("policy", "",
            "Policy file (YAML, or JSON by extension). Empty: the built-in defaults (deny the public internet "
                    + "and the tracker catalog, allow loopback and private ranges, always deny cloud metadata).");
    public static final Option POLICY_WRITABLE = Option.choice("policy.writable", "refuse",
            "refuse: a policy file (or a list file it names) that this JVM's user could modify, or that sits in a "
                    + "directory it could write to, is not loaded: the last good policy stays, or the agent fails closed "
                    + "at start, with one line saying why (an app must not be able to rewrite its own policy). Not checked "
                    + "in a JVM that runs as root, which can modify any file: run the app as another user. "
                    + "allow: load it all the same.",
            "refuse", "allow");
    public static final Option QUEUE = Option.path("queue", "${user.home}/.egressguard/journal",
            "Parent directory of the journals. Each JVM writes its own owner-only subdirectory "
                    + "<hostname>-<pid>-<start>; the collector drains them all.");
    public static final Option MODE = Option.choice("mode", "enforce",
            "enforce: block what the policy denies. monitor: block nothing, record what would have been blocked.",
            "enforce", "monitor");
    public static final Option RECORD = Option.choice("record", "blocked",
            "blocked: record blocked and monitored attempts. all: also record allowed outbound calls "
                    + "(for learning a policy).",
            "blocked", "all");
    public static final Option PAYLOAD_MAX = Option.bytes("payload.max", "4096", 0, 1L << 20,
            "Bytes of each payload kept as a preview in the event (up to 1 MiB).");
    public static final Option REDACT = Option.choice("redact", "headers",
            "headers: in recorded HTTP requests, replace the values of Authorization, Proxy-Authorization, Cookie and "
                    + "the headers named by redact.headers by redacted:sha256:<first 12 hex digits of the value's SHA-256>. "
                    + "none: record header values as sent.",
            "headers", "none");
    public static final Option REDACT_HEADERS = Option.list("redact.headers", "X-Api-Key;X-Auth-Token",
            "Further request headers to redact (any case), besides Authorization, Proxy-Authorization and Cookie. "
                    + "Separate names by ; (a , also works outside agent arguments, where it separates options).");
    public static final Option STACK_DEPTH = Option.integer("stack.depth", 64, 1, 1024,
            "Stack frames kept per event (agent frames removed first).");
    public static final Option TOOLS = Option.bool("tools", false,
            "Also activate inside JDK tools (javac, jar, jshell, jcmd, keytool, jlink ...). "
                    + "Off: the agent stays dormant there.");
    public static final Option RING_SIZE = Option.integer("ring.size", 8192, 16, 1 << 20,
            "Events buffered between app threads and the journal writer; beyond it events are dropped "
                    + "and counted.");
    public static final Option RING_BYTES = Option.bytes("ring.bytes", "8m", 64 << 10, 1L << 30,
            "Heap the events waiting for the journal writer may hold, each billed by what it holds (its stack "
                    + "frames, request and payload bytes); beyond it events go to the overflow table (table.bytes). "
                    + "Bounds the agent's share of the app's heap when attempts come faster than the journal takes "
                    + "them; one event is always taken. When not set: the lesser of 8m and 1/32 of the heap (-Xmx).");
    public static final Option TABLE_BYTES = Option.bytes("table.bytes", "4m", 64 << 10, 1L << 30,
            "Heap each of the agent's tables per destination and call site may hold: the fold table (open "
                    + "fold.window windows, each with its first event) and the overflow table (one aggregate "
                    + "record with a count per destination and call site while the ring is full; attempts beyond "
                    + "it are dropped and counted). When not set: the lesser of 4m and 1/128 of the heap (-Xmx).");
    public static final Option DISK_MIN_FREE = Option.bytes("disk.min-free", "64m", 0, Long.MAX_VALUE,
            "Free space the journal leaves on its file system: it stops writing (drops and counts) before an append "
                    + "would go below it, and resumes once space is freed. At most a tenth of the volume (256 KiB on one "
                    + "under 2.5 MiB), never less than 128 KiB.");
    public static final Option SHUTDOWN_WAIT = Option.integer("shutdown.wait", 500, 0, 600_000,
            "Milliseconds the JVM's exit may spend writing the events still waiting, and the count of those dropped, "
                    + "to spill.log in its journal directory (fsynced; it takes milliseconds when few wait). What does not "
                    + "fit is dropped and counted.");
    public static final Option FOLD_WINDOW = Option.integer("fold.window", 1000, 0, 60_000,
            "Milliseconds within which repeats of the same attempt (destination, rule, action, call site) "
                    + "fold into one record with a count. 0 records each attempt.");
    public static final Option VERBOSE = Option.bool("verbose", false,
            "Print one line at start-up saying the agent is active, with its policy and journal.");

    public static final List<Option> ALL = Collections.unmodifiableList(Arrays.asList(
            POLICY, POLICY_WRITABLE, QUEUE, MODE, RECORD, PAYLOAD_MAX, REDACT, REDACT_HEADERS, STACK_DEPTH, TOOLS, RING_SIZE, RING_BYTES, TABLE_BYTES, DISK_MIN_FREE, SHUTDOWN_WAIT, FOLD_WINDOW, VERBOSE));

    private Options() {
    }

    public static Option byKey(String key) {
        for (Option o : ALL) {
            if (o.key().equals(key)) {
                return o;
            }
        }
        return null;
    }
}
