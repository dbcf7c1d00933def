package io.egressguard.agent.core;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Grants the agent's own (unnamed) module the java.base internals it needs, with
 * {@link Instrumentation#redefineModule}, so users add no --add-opens flags and the app's module
 * graph is untouched: only the agent's module gains access.
 */
final class ModuleAccess {
    private final Map<String, Set<Module>> exports = new HashMap<>();
    private final Map<String, Set<Module>> opens = new HashMap<>();
    private final Module agent;

    ModuleAccess(Module agent) {
        this.agent = agent;
    }

    ModuleAccess export(String javaBasePackage) {
        exports.computeIfAbsent(javaBasePackage, k -> new HashSet<>()).add(agent);
        return this;
    }

    ModuleAccess open(String javaBasePackage) {
        opens.computeIfAbsent(javaBasePackage, k -> new HashSet<>()).add(agent);
        return this;
    }

    void grant(Instrumentation inst) {
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Collections.<Module>emptySet(), exports, opens,
                Collections.<Class<?>>emptySet(), Collections.<Class<?>, java.util.List<Class<?>>>emptyMap());
    }
}
