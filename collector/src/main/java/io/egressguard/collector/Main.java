package io.egressguard.collector;

import io.egressguard.collector.cli.Cli;
import io.egressguard.collector.drain.StopSignal;

/** The {@code egressguard} CLI. The only place that exits the JVM. */
public final class Main {
    static {
        // Before any Chronicle class loads: no usage analytics (an outbound lookup), no banner, and no
        // reading of ./system.properties from whatever directory the collector was started in.
        setDefault("chronicle.analytics.disable", "true");
        setDefault("chronicle.announcer.disable", "true");
        setDefault("system.properties", "io/egressguard/collector/chronicle-system.properties");
        quietUnsafeWarning();
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.create(new StopSignal(), true).execute(args));
    }

    /**
     * JDK 24+ prints a four-line warning when code first uses sun.misc.Unsafe memory access, as
     * Chronicle does; only a launcher flag turns it off and a jar manifest cannot carry one. The
     * collector's output is its interface, so mark the one-time warning as given (the manifest
     * opens jdk.unsupported/sun.misc to the jar for this).
     */
    private static void quietUnsafeWarning() {
        if (Runtime.version().feature() < 24) {
            return;
        }
        try {
            java.lang.reflect.Field warned = Class.forName("sun.misc.Unsafe").getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true);
            warned.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not opened (run from a class path without the manifest): the warning may print.
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
