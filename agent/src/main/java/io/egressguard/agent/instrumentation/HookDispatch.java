package io.egressguard.agent.instrumentation;

import io.egressguard.agent.bootstrap.GateHandler;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gate's handler: the JDK's connect, UDP and lookup paths, hand-overs and resumes go to the
 * decision engine; every other hook to its library's advice, found by hook id in one array read.
 * A module's advice is made when one of its hooks first fires: an app pays only for the libraries
 * it uses, and start-up loads none of their classes.
 */
public final class HookDispatch implements GateHandler {
    /** A hook whose module gave it no advice: the engine's default (a hand-over). */
    private static final Object NONE = new Object();

    private final Engine engine;
    private final List<EntryHook> hooks;
    private final InstrumentationModule[] moduleOf;
    private final AtomicReferenceArray<Object> advice;

    HookDispatch(Engine engine, List<EntryHook> hooks, InstrumentationModule[] moduleOf) {
        this.engine = engine;
        this.hooks = hooks;
        this.moduleOf = moduleOf;
        this.advice = new AtomicReferenceArray<>(hooks.size());
    }

    @Override
    public IOException onConnect(int hook, InetAddress address, int port) {
        return engine.onConnect(address, port);
    }

    @Override
    public IOException onDatagram(int hook, InetSocketAddress target, ByteBuffer data) {
        return engine.onDatagram(target, data);
    }

    @Override
    public IOException onLookup(int hook, String host) {
        return engine.onLookup(host);
    }

    @Override
    public IOException onRequest(int hook, Object request, Object b) {
        try {
            return ((Advice.Request) advice(hook)).request(request, b);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw unreadable(hook, e);
        }
    }

    @Override
    public Object onInstead(int hook, Object a, Object b, Object c) {
        try {
            return ((Advice.Instead) advice(hook)).instead(a, b, c);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw unreadable(hook, e);
        }
    }

    @Override
    public boolean onSkip(int hook, Object a, Object b) {
        try {
            return ((Advice.Skip) advice(hook)).skip(a, b);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw unreadable(hook, e);
        }
    }

    @Override
    public void onHandOver(int hook, String host, int port, Object carrier) {
        Object own = advice(hook);
        if (own == NONE) {
            engine.handOver(host, port, carrier, null);
            return;
        }
        try {
            ((Advice.HandOver) own).handOver(host, port, carrier);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw unreadable(hook, e);
        }
    }

    /** The worker's stack passes through the hooked method while it works for {@code carrier}. */
    @Override
    public void onResume(int hook, Object carrier) {
        EntryHook h = hooks.get(hook);
        engine.callSites().resume(carrier, h.className(), h.method());
    }

    @Override
    public void onObserve(int hook, Object a, Object b) {
        try {
            ((Advice.Observe) advice(hook)).observe(a, b);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw unreadable(hook, e);
        }
    }

    @Override
    public void onFailure(int hook, Throwable failure) {
        engine.log().warn("internal error in the " + name(hooks, hook) + " hook, the call was let through: " + failure);
    }

    private Object advice(int hook) {
        Object a = advice.get(hook);
        return a != null ? a : adviseModuleOf(hook);
    }

    /** Makes the advice of the module that owns {@code hook}, once; checks it fits the module's hooks. */
    private synchronized Object adviseModuleOf(int hook) {
        Object a = advice.get(hook);
        if (a != null) {
            return a;
        }
        InstrumentationModule module = moduleOf[hook];
        List<EntryHook> own = new ArrayList<>();
        for (EntryHook h : hooks) {
            if (moduleOf[h.id()] == module) {
                own.add(h);
            }
        }
        Advice given = new Advice(own);
        module.advise(given, engine);
        Map<EntryHook, Object> made = given.complete();
        for (EntryHook h : own) {
            Object m = made.get(h);
            advice.set(h.id(), m != null ? m : NONE);
        }
        return advice.get(hook);
    }

    /** Makes every module's advice now (tests: a module whose advice does not fit its hooks fails here). */
    void adviseAll() {
        for (int hook = 0; hook < hooks.size(); hook++) {
            advice(hook);
        }
    }

    static String name(List<EntryHook> hooks, int hook) {
        return hook >= 0 && hook < hooks.size() ? hooks.get(hook).name() : "#" + hook;
    }

    private IllegalStateException unreadable(int hook, Throwable e) {
        if (e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null) {
            e = e.getCause(); // the library's own failure says what went wrong
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("cannot read the " + name(hooks, hook) + " hook's objects: " + e, e);
    }
}
