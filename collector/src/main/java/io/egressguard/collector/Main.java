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
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.create(new StopSignal(), true).execute(args));
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
