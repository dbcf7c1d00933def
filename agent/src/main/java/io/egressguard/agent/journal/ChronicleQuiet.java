package io.egressguard.agent.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Switches off what Chronicle does on its own inside someone else's JVM. Must run before the first
 * Chronicle class initialises; {@link ChronicleSink} calls it on the writer thread, so an app that
 * never makes a blocked call never loads Chronicle at all. Every switch is set only when the user
 * has not set it. Read from chronicle-core 2026.5 / chronicle-queue 2026.4 bytecode ({@code javap -c}
 * of {@code net.openhft.chronicle.core.Jvm}, {@code OS}, {@code internal.announcer.InternalAnnouncer}).
 */
final class ChronicleQuiet {
    /** Usage analytics (a background HTTP call to www.google-analytics.com). The analytics jar is
     *  excluded from the agent as well; this switch covers a build that brings it back. Kept set. */
    static final String ANALYTICS = "chronicle.analytics.disable";
    /** The banner ("Running under ... processors reported", logo, e-mail nag) InternalAnnouncer prints
     *  to stdout on first use. Kept set. */
    static final String ANNOUNCER = "chronicle.announcer.disable";
    /** Jvm's static initialiser always calls findAndLoadSystemProperties(): with this property unset
     *  it looks for ./system.properties, then ../system.properties, as a class-path resource and as a
     *  file, and copies every entry into System properties (so a file in the app's working directory
     *  could reconfigure the app). There is no off switch, but when the property names a file, only
     *  that file is read: /dev/null exists and is empty (elsewhere the named file is missing, which
     *  costs one SLF4J warning into slf4j-nop). Set only while Chronicle initialises, then removed. */
    static final String SYSTEM_PROPERTIES = "system.properties";
    /** OS's static initialiser computes TARGET: this property if set, else the first existing
     *  target/ or build/ walking up from user.dir, else it mkdirs ${java.io.tmpdir}/target. It also
     *  computes TMP as mkdirs(this + "/tmp"). Pointing it at the journal directory keeps both inside
     *  it; the empty tmp/ is removed again. Only code generation and IOTools temp helpers use TARGET,
     *  the journal uses neither. Set only while Chronicle initialises, then removed. */
    static final String BUILD_DIRECTORY = "project.build.directory";

    private static boolean applied;

    private ChronicleQuiet() {
    }

    /** Idempotent; the first call initialises Chronicle's Jvm and OS classes with the switches set. */
    static synchronized void apply(Path journalDirectory) {
        if (applied) {
            return;
        }
        applied = true;
        setIfAbsent(ANALYTICS, "true");
        setIfAbsent(ANNOUNCER, "true");
        boolean ownSystemProperties = setIfAbsent(SYSTEM_PROPERTIES, "/dev/null");
        boolean ownBuildDirectory = setIfAbsent(BUILD_DIRECTORY, journalDirectory.toString());
        Path tmp = journalDirectory.resolve("tmp");
        boolean tmpExisted = Files.exists(tmp);
        UnsafeWarning.preempt();
        try {
            ClassLoader loader = ChronicleQuiet.class.getClassLoader();
            Class.forName("net.openhft.chronicle.core.Jvm", true, loader);
            Class.forName("net.openhft.chronicle.core.OS", true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Chronicle is missing from the agent: " + e.getMessage(), e);
        } finally {
            // Both values are captured in static finals by now; take them back so that the app
            // (or an app's own Chronicle, loaded later) sees its System properties unchanged.
            if (ownSystemProperties) {
                System.clearProperty(SYSTEM_PROPERTIES);
            }
            if (ownBuildDirectory) {
                System.clearProperty(BUILD_DIRECTORY);
                if (!tmpExisted) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // not empty (someone else's) or gone: leave it
                    }
                }
            }
        }
    }

    private static boolean setIfAbsent(String key, String value) {
        if (System.getProperty(key) != null) {
            return false;
        }
        System.setProperty(key, value);
        return true;
    }
}
