package io.egressguard.agent.capture;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link StackTraceElement#toString()}, remembered. An app that is refused over and over records the
 * same frames again and again, and printing them would be the journal writer's largest cost (a 4 KiB body,
 * 100 frames: a third of its time, and most of its garbage). An element the JVM made for a backtrace
 * has let go of its class by the time it can be looked up here, so a remembered frame keeps no class
 * loader alive; the table is emptied when it fills, so an app that keeps loading new code is bounded too.
 */
final class FrameStrings {
    static final int MAX_FRAMES = 16_384;

    private static final Map<StackTraceElement, String> PRINTED = new ConcurrentHashMap<>();

    private FrameStrings() {
    }

    /** The same text as {@code frame.toString()}: equal elements print the same. */
    static String of(StackTraceElement frame) {
        String s = PRINTED.get(frame);
        if (s == null) {
            s = frame.toString();
            if (PRINTED.size() >= MAX_FRAMES) {
                PRINTED.clear();
            }
            PRINTED.put(frame, s);
        }
        return s;
    }

    static int size() {
        return PRINTED.size();
    }
}
