package io.egressguard.agent.capture;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Captures the calling thread's stack, drops the agent's own frames, and picks the culprit: the
 * first frame that is not the JDK, the agent or a transport library. A {@link StackWalker} finds
 * the culprit (its class, for the jar) and stops there; the frames of the rest of the stack come
 * from a {@link Throwable}'s backtrace, turned into strings by the journal writer. A walked frame
 * costs the caller far more than a backtrace's (on JDK 17 the walk fills a method handle per frame:
 * half of a recorded attempt's CPU at 64 frames), and only the culprit needs its class.
 */
public final class StackCapture {
    /** The gate and exception types: boot-loaded, so recognised by name. */
    private static final String BOOTSTRAP_PACKAGE = "io.egressguard.agent.bootstrap.";
    /** The agent's classes; a trace carries class and loader names, not classes (the test apps share the prefix). */
    private static final String AGENT_PACKAGE = "io.egressguard.agent.";
    /** Everything else of the agent is loaded by its isolated loader. */
    private static final ClassLoader AGENT_LOADER = StackCapture.class.getClassLoader();
    /** Frames above our own to look through for the culprit, beyond the recorded depth. */
    private static final int CULPRIT_SEARCH_EXTRA = 64;

    private final StackWalker walker = StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
    private final int depth;
    private final CodeOrigins origins;

    public StackCapture(int depth, CodeOrigins origins) {
        this.depth = depth;
        this.origins = origins;
    }

    public CodeOrigins origins() {
        return origins;
    }

    public CallSite capture() {
        return capture(null);
    }

    /**
     * Captures the stack, asking {@code enough} about the culprit as soon as it is found (when it is
     * app code): true stops the walk there, and the site then holds only the frames up to it. A
     * repeat that folds needs no more than its culprit, and the walk costs per frame.
     */
    public CallSite capture(Predicate<StackFrame> enough) {
        return capture(enough, Throwable::new);
    }

    /**
     * {@link #capture(Predicate)}, the whole stack's backtrace taken, when it is needed, from what
     * {@code backtrace} makes on this thread: the exception a blocked attempt will throw, so the JVM
     * fills in one stack, not two.
     */
    public CallSite capture(Predicate<StackFrame> enough, Supplier<? extends Throwable> backtrace) {
        Walk walk = new Walk(depth, origins, enough);
        WalkedSite site = walker.walk(walk);
        // Taken here, after the walk: its frames above this one are the agent's and are dropped.
        return walk.stoppedAtCulprit && !walk.repeat ? site.withRest(backtrace.get(), depth) : site;
    }

    /**
     * The stack of another thread, which must be inside {@code className.method} (a caller parked in
     * a call that a worker serves), or null when it is not (it has moved on, or ended). Reading it
     * pauses that thread (on JDK 17 at a safepoint): for a record only, where the stack could not be
     * walked on the caller's own thread.
     */
    public CallSite traceOf(Thread thread, String className, String method) {
        StackTraceElement[] trace = thread.getStackTrace();
        int from = 0;
        while (from < trace.length && !(trace[from].getClassName().equals(className) && trace[from].getMethodName().equals(method))) {
            from++;
        }
        if (from == trace.length) {
            return null;
        }
        // The frames above are the wait itself (a future's get, a park): the stack starts where a
        // walk on the caller's thread at that call would have.
        List<StackTraceElement> frames = new ArrayList<>(Math.min(depth, 64));
        StackTraceElement culprit = null;
        StackTraceElement firstOutsideJdk = null;
        int seen = 0;
        for (int i = from; i < trace.length && seen < depth + CULPRIT_SEARCH_EXTRA; i++) {
            StackTraceElement e = trace[i];
            if (isAgent(e)) {
                continue;
            }
            seen++;
            if (frames.size() < depth) {
                frames.add(e);
            }
            if (culprit == null && !isJdk(e)) {
                if (firstOutsideJdk == null) {
                    firstOutsideJdk = e;
                }
                if (!origins.isTransport(e.getClassName())) {
                    culprit = e;
                }
            }
            if (culprit != null && frames.size() >= depth) {
                break;
            }
        }
        StackTraceElement picked = culprit != null ? culprit : firstOutsideJdk;
        return new TracedSite(frames, picked, picked != null ? classOf(picked, thread) : null, culprit != null, origins);
    }

    static boolean isAgent(StackTraceElement e) {
        String loader = e.getClassLoaderName();
        return e.getClassName().startsWith(AGENT_PACKAGE)
                && (loader == null ? e.getClassName().startsWith(BOOTSTRAP_PACKAGE) : loader.equals(AGENT_LOADER.getName()));
    }

    /** A frame of the JDK's own modules (boot or platform loader). */
    private static boolean isJdk(StackTraceElement e) {
        String loader = e.getClassLoaderName();
        String module = e.getModuleName();
        return (loader == null || loader.equals("platform")) && module != null && (module.startsWith("java.") || module.startsWith("jdk."));
    }

    /**
     * The class of a traced frame, for its jar: asked only of the application loader and the
     * thread's context loader, and only of the one whose name the frame carries, and kept only when
     * the class it answers was defined by a loader of that name; null otherwise (the culprit then
     * has its frame and no jar).
     */
    private static Class<?> classOf(StackTraceElement e, Thread thread) {
        String name = e.getClassLoaderName();
        ClassLoader[] candidates = {ClassLoader.getSystemClassLoader(), thread.getContextClassLoader()};
        for (ClassLoader loader : candidates) {
            if (loader == null || !Objects.equals(loader.getName(), name)) {
                continue;
            }
            try {
                Class<?> c = Class.forName(e.getClassName(), false, loader);
                ClassLoader defining = c.getClassLoader();
                if (Objects.equals(defining != null ? defining.getName() : null, name)) {
                    return c;
                }
            } catch (ClassNotFoundException | LinkageError | SecurityException notThere) {
                // not visible from this loader: try the next, else no jar
            }
        }
        return null;
    }

    /**
     * The class of this thread's culprit when it is app code, else null (a library's worker): the
     * walk a from-rule decision needs, stopped at the culprit and keeping nothing. Flat in the
     * stack's depth below the culprit; a few microseconds at most above it.
     */
    public Class<?> appCulpritClass() {
        return walker.walk(new FindCulprit(origins));
    }

    /** True when a method of {@code className} whose name contains {@code method} is on this thread's stack. */
    public boolean onStack(String className, String method) {
        return walker.walk(new Find(className, method));
    }

    static boolean isAgent(Class<?> c) {
        return c.getClassLoader() == AGENT_LOADER || (c.getClassLoader() == null && c.getName().startsWith(BOOTSTRAP_PACKAGE));
    }

    private static final class Find implements Function<Stream<StackFrame>, Boolean> {
        private final String className;
        private final String method;

        Find(String className, String method) {
            this.className = className;
            this.method = method;
        }

        @Override
        public Boolean apply(Stream<StackFrame> stream) {
            Iterator<StackFrame> it = stream.iterator();
            while (it.hasNext()) {
                StackFrame f = it.next();
                if (f.getClassName().equals(className) && f.getMethodName().contains(method)) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        }
    }

    /** The first frame that is not the agent's, the JDK's or a transport's: its class, or null. */
    private static final class FindCulprit implements Function<Stream<StackFrame>, Class<?>> {
        private final CodeOrigins origins;

        FindCulprit(CodeOrigins origins) {
            this.origins = origins;
        }

        @Override
        public Class<?> apply(Stream<StackFrame> stream) {
            Iterator<StackFrame> it = stream.iterator();
            int seen = 0;
            while (it.hasNext() && seen++ < 256) {
                Class<?> c = it.next().getDeclaringClass();
                if (!isAgent(c) && !CodeOrigins.isJdk(c) && !origins.isTransport(c.getName())) {
                    return c;
                }
            }
            return null;
        }
    }

    /** A named class, not a lambda: it runs inside JDK network code on the app's thread. */
    private static final class Walk implements Function<Stream<StackFrame>, WalkedSite> {
        private final int depth;
        private final CodeOrigins origins;
        private final Predicate<StackFrame> enough;
        /** The walk ended at an app culprit, before the recorded depth: the rest is not walked. */
        boolean stoppedAtCulprit;
        /** {@code enough} said the attempt repeats an earlier record: it needs no more than its culprit. */
        boolean repeat;

        Walk(int depth, CodeOrigins origins, Predicate<StackFrame> enough) {
            this.depth = depth;
            this.origins = origins;
            this.enough = enough;
        }

        @Override
        public WalkedSite apply(Stream<StackFrame> stream) {
            List<StackFrame> frames = new ArrayList<>(Math.min(depth, 64));
            StackFrame culpritFrame = null;
            StackFrame firstOutsideJdk = null;
            int seen = 0;
            Iterator<StackFrame> it = stream.iterator();
            while (it.hasNext() && seen < depth + CULPRIT_SEARCH_EXTRA) {
                StackFrame f = it.next();
                Class<?> c = f.getDeclaringClass();
                if (isAgent(c)) {
                    continue;
                }
                seen++;
                if (frames.size() < depth) {
                    frames.add(f);
                }
                if (!CodeOrigins.isJdk(c)) {
                    if (firstOutsideJdk == null) {
                        firstOutsideJdk = f;
                    }
                    if (!origins.isTransport(c.getName())) {
                        culpritFrame = f;
                        repeat = enough != null && enough.test(f);
                        stoppedAtCulprit = frames.size() < depth;
                        break;
                    }
                }
            }
            return new WalkedSite(frames, culpritFrame != null ? culpritFrame : firstOutsideJdk, culpritFrame != null, origins);
        }
    }
}
