package io.egressguard.agent.instrumentation;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import java.util.Collections;
import java.util.List;

/**
 * One instrumented library or JDK API, in a folder of its own: which classes and methods it hooks
 * (and on which versions), how it reads its requests, and what it knows of its thread hand-offs.
 * Registered with one line in {@link Instrumentations}.
 */
public interface InstrumentationModule {
    /** The folder's name, as messages and docs call it. */
    String name();

    /**
     * What it hooks. Premain reads these to decide which classes to weave, so building them must
     * load nothing but the module's own class and {@link EntryHook}.
     */
    List<EntryHook> hooks();

    /**
     * Packages of the library's code. A call made through them is the code that called the
     * library's doing: the culprit of a record is the first frame outside every module's packages.
     */
    default List<String> transportPackages() {
        return Collections.emptyList();
    }

    /**
     * Gives its hooks their advice, made at start-up from the decision engine. Hooks on the JDK's
     * connect, UDP and lookup paths, hand-overs and resumes need none: the engine handles those.
     */
    default void advise(Advice advice, Engine engine) {
    }
}
