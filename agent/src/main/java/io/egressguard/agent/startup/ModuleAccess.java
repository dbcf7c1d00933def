package io.egressguard.agent.startup;

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
    private final Map<String, Map<String, Set<Module>>> exports = new HashMap<>();
    private final Map<String, Map<String, Set<Module>>> opens = new HashMap<>();
    private final Module agent;

    ModuleAccess(Module agent) {
        this.agent = agent;
    }

    ModuleAccess export(String module, String pkg) {
        add(exports, module, pkg);
        return this;
    }

    ModuleAccess open(String module, String pkg) {
        add(opens, module, pkg);
        return this;
    }

    /** Plain code, no lambdas: this runs in premain, where the first lambda costs milliseconds. */
    private void add(Map<String, Map<String, Set<Module>>> grants, String module, String pkg) {
        Map<String, Set<Module>> byPackage = grants.get(module);
        if (byPackage == null) {
            byPackage = new HashMap<>();
            grants.put(module, byPackage);
        }
        Set<Module> targets = byPackage.get(pkg);
        if (targets == null) {
            targets = new HashSet<>();
            byPackage.put(pkg, targets);
        }
        targets.add(agent);
    }

    /** Applies the grants; a module this JVM lacks (a trimmed jlink image) is skipped. */
    void grant(Instrumentation inst) {
        Set<String> modules = new HashSet<>(exports.keySet());
        modules.addAll(opens.keySet());
        for (String name : modules) {
            java.util.Optional<Module> found = ModuleLayer.boot().findModule(name);
            if (!found.isPresent()) {
                continue;
            }
            Module m = found.get();
            inst.redefineModule(m, Collections.<Module>emptySet(),
                    exports.getOrDefault(name, Collections.<String, Set<Module>>emptyMap()),
                    opens.getOrDefault(name, Collections.<String, Set<Module>>emptyMap()),
                    Collections.<Class<?>>emptySet(), Collections.<Class<?>, java.util.List<Class<?>>>emptyMap());
        }
    }
}
