package io.egressguard.agent.journal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDK packages Chronicle Queue needs opened or exported to the agent's own (unnamed) module on
 * JDK 9+. The agent grants them with {@code Instrumentation.redefineModule}, so users add no flags.
 * Verified as exactly sufficient by ChronicleModuleAccessTest on JDK 17 and 25 (append + read back,
 * no warning, not read-only) and each entry as necessary.
 */
public final class ChronicleModuleAccess {

    /** One grant: {@code --add-opens module/pkg} when {@code open}, else {@code --add-exports module/pkg}. */
    public static final class Grant {
        public final String module;
        public final String pkg;
        public final boolean open;

        Grant(String module, String pkg, boolean open) {
            this.module = module;
            this.pkg = pkg;
            this.open = open;
        }

        /** The equivalent command-line flag, e.g. {@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED}. */
        public String toFlag(String target) {
            return (open ? "--add-opens=" : "--add-exports=") + module + "/" + pkg + "=" + target;
        }

        @Override
        public String toString() {
            return toFlag("ALL-UNNAMED");
        }
    }

    private static final List<Grant> REQUIRED;

    static {
        List<Grant> grants = new ArrayList<>();
        // Chronicle Core's Jvm/ClassUtil makes Field/Method/Constructor accessible (setAccessible0).
        grants.add(new Grant("java.base", "java.lang.reflect", true));
        // sun.nio.ch.DirectBuffer / FileChannelImpl for mapping: without it the queue silently opens read-only.
        grants.add(new Grant("java.base", "sun.nio.ch", false));
        // jdk.internal.ref.Cleaner for releasing mapped and direct memory.
        grants.add(new Grant("java.base", "jdk.internal.ref", false));
        REQUIRED = Collections.unmodifiableList(grants);
    }

    private ChronicleModuleAccess() {
    }

    public static List<Grant> required() {
        return REQUIRED;
    }
}
