package io.egressguard.agent.capture;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * App code for capture tests: loaded by its own class loader (not the one the agent's classes
 * come from in a unit test), so a stack walk sees it as the culprit. Calls {@code s} 20 frames down.
 */
public final class DeepCaller implements Function<Supplier<Object>, Object> {
    @Override
    public Object apply(Supplier<Object> s) {
        return down(20, s);
    }

    private static Object down(int n, Supplier<Object> s) {
        return n == 0 ? s.get() : down(n - 1, s);
    }
}
