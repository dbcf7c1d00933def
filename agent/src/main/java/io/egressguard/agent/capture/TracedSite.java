package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.util.List;

/**
 * A stack read from another thread ({@link Thread#getStackTrace}): a caller that waits while a
 * library's worker connects for it. The culprit's class is known only when its loader could be
 * named without loading anything new ({@link StackCapture#traceOf}); otherwise the culprit has its
 * frame but no jar.
 */
final class TracedSite extends CallSite {
    private final List<StackTraceElement> frames;
    private final StackTraceElement culprit;
    private final Class<?> culpritClass;

    TracedSite(List<StackTraceElement> frames, StackTraceElement culprit, Class<?> culpritClass, boolean culpritIsApp, CodeOrigins origins) {
        super(culpritIsApp, origins);
        this.frames = frames;
        this.culprit = culprit;
        this.culpritClass = culpritClass;
    }

    @Override
    public long heldBytes() {
        return frames.size() * ELEMENT_BYTES;
    }

    @Override
    int depth() {
        return frames.size();
    }

    @Override
    String frame(int i) {
        return format(frames.get(i));
    }

    @Override
    public Culprit culprit() {
        return culprit == null ? null : culprit(format(culprit), culpritClass);
    }

    /**
     * As a walked frame prints. Another thread's trace may come without the format its
     * toString needs (JDK 17 then prints "app//" and JDK modules' versions): the built-in loaders'
     * names and the JDK modules' versions are left out here, as toString leaves them out for a
     * walked frame.
     */
    static String format(StackTraceElement e) {
        StringBuilder s = new StringBuilder(128);
        String loader = e.getClassLoaderName();
        if (loader != null && !loader.isEmpty() && !loader.equals("app") && !loader.equals("platform")) {
            s.append(loader).append('/');
        }
        String module = e.getModuleName();
        if (module != null && !module.isEmpty()) {
            s.append(module);
            String version = e.getModuleVersion();
            if (version != null && !version.isEmpty() && !module.startsWith("java.") && !module.startsWith("jdk.")) {
                s.append('@').append(version);
            }
        }
        if (s.length() > 0) {
            s.append('/');
        }
        // The class, method, file and line, as the JDK prints them, from an element without loader or module.
        return s.append(new StackTraceElement(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber())).toString();
    }

    @Override
    public Class<?> appCulpritClass() {
        return culpritIsApp() ? culpritClass : null;
    }

    /** Class, method and line: a trace has no bytecode index. */
    @Override
    public String culpritKey() {
        return culprit == null ? "" : culprit.getClassName() + '.' + culprit.getMethodName() + ':' + culprit.getLineNumber();
    }
}
