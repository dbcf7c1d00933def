package io.egressguard.agent.instrumentation;

import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module's hooks do when the gate calls them: the module registers its advice by hook name
 * ({@link InstrumentationModule#advise}), typed by the hook's gate entry.
 */
public final class Advice {
    /** A {@link Entry#REQUEST} hook: the refusal to throw at the caller, or null. */
    public interface Request {
        IOException request(Object request, Object b) throws Throwable;
    }

    /** An {@link Entry#INSTEAD} hook: what the method returns at once (a failed future or promise), or null to proceed. */
    public interface Instead {
        Object instead(Object a, Object b, Object c) throws Throwable;
    }

    /** A {@link Entry#SKIP} hook: true when the method is skipped (its promise already failed). */
    public interface Skip {
        boolean skip(Object a, Object b) throws Throwable;
    }

    /** A {@link Entry#HAND_OVER} or {@link Entry#HAND_OVER_TO} hook that knows more than the engine's default. */
    public interface HandOver {
        void handOver(String host, int port, Object carrier) throws Throwable;
    }

    /** An {@link Entry#OBSERVE} or {@link Entry#WATCHED} hook. */
    public interface Observe {
        void observe(Object a, Object b) throws Throwable;
    }

    private final Map<String, EntryHook> byName = new HashMap<>();
    private final Map<EntryHook, Object> given = new HashMap<>();

    /** @param hooks the module's own hooks */
    Advice(List<EntryHook> hooks) {
        for (EntryHook h : hooks) {
            if (byName.put(h.name(), h) != null) {
                throw new IllegalStateException("two hooks are named " + h.name());
            }
        }
    }

    public Advice request(String hook, Request advice) {
        return put(hook, advice, Entry.REQUEST);
    }

    public Advice instead(String hook, Instead advice) {
        return put(hook, advice, Entry.INSTEAD);
    }

    public Advice skip(String hook, Skip advice) {
        return put(hook, advice, Entry.SKIP);
    }

    public Advice handOver(String hook, HandOver advice) {
        return put(hook, advice, Entry.HAND_OVER, Entry.HAND_OVER_TO);
    }

    public Advice observe(String hook, Observe advice) {
        return put(hook, advice, Entry.OBSERVE, Entry.WATCHED);
    }

    private Advice put(String name, Object advice, Entry... entries) {
        EntryHook h = byName.get(name);
        if (h == null) {
            throw new IllegalStateException("advice for an unknown hook: " + name);
        }
        boolean fits = false;
        for (Entry e : entries) {
            fits |= h.entry() == e;
        }
        if (!fits) {
            throw new IllegalStateException("hook " + name + " reaches the gate's " + h.entry() + " entry, not " + entries[0]);
        }
        given.put(h, advice);
        return this;
    }

    /** The advice by hook; fails when a hook that needs advice has none. */
    Map<EntryHook, Object> complete() {
        for (EntryHook h : byName.values()) {
            if (!given.containsKey(h) && needsAdvice(h.entry())) {
                throw new IllegalStateException("hook " + h.name() + " has no advice");
            }
        }
        return given;
    }

    private static boolean needsAdvice(Entry e) {
        return e == Entry.REQUEST || e == Entry.INSTEAD || e == Entry.SKIP || e == Entry.OBSERVE || e == Entry.WATCHED;
    }
}
