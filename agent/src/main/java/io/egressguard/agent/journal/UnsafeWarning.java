package io.egressguard.agent.journal;

import java.lang.reflect.Field;

/**
 * JDK 24+ prints a four-line warning the first time any code in the JVM uses sun.misc.Unsafe
 * memory access, and only once per JVM; Chronicle does, so the first journaled event would print
 * it into the app's stderr, blaming our agent. The only switch is a launcher flag the operator
 * would have to add. Marking the warning as already given just before Chronicle first runs costs
 * the app nothing: had Chronicle gone first, the app's own later use would not have warned either,
 * and if the app already used Unsafe the warning has been printed and this changes nothing.
 * Needs jdk.unsupported/sun.misc opened to the agent (the agent's ModuleAccess does that).
 */
final class UnsafeWarning {
    private UnsafeWarning() {
    }

    static void preempt() {
        if (Runtime.version().feature() < 24) {
            return;
        }
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Field warned = unsafe.getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true);
            warned.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A JDK without this field, or the package not opened (tests): the warning may print.
        }
    }
}
