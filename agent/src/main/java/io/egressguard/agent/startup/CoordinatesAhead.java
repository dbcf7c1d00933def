package io.egressguard.agent.startup;

import io.egressguard.agent.bootstrap.Gate;
import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.engine.AgentLog;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Under a policy with from-rules, reads the coordinates of every jar on the class path on a
 * background thread as the agent starts: a from-rule decision then finds its culprit's jar already
 * read (a map hit) instead of opening it on the app's thread the first time (about a millisecond
 * for a small jar, more for a large one: docs/BENCHMARKS.md). Jars of other loaders (a fat jar's
 * nested ones) are read on first use, once each.
 */
final class CoordinatesAhead {
    private CoordinatesAhead() {
    }

    static void start(CodeOrigins origins, AgentLog log) {
        List<String> sources = classPathSources(System.getProperty("java.class.path", ""));
        if (sources.isEmpty()) {
            return;
        }
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                Gate.markInternalThread();
                try {
                    origins.resolveAhead(sources);
                } catch (Throwable e) {
                    log.warn("reading the class path's coordinates ahead failed (" + e + "); each jar is read on first use instead");
                }
            }
        }, "egressguard-coordinates");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The jars as the application loader names their code sources ({@code file:/abs/x.jar}). */
    static List<String> classPathSources(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue; // a classes directory has no coordinates to read
            }
            try {
                out.add(new File(entry).getCanonicalFile().toURI().toURL().toExternalForm());
            } catch (IOException | IllegalArgumentException e) {
                // unreadable path: resolved on first use, if ever
            }
        }
        return out;
    }
}
