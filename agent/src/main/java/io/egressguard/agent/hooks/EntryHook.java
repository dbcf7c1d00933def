package io.egressguard.agent.hooks;

/**
 * A call to one of the {@code Gate}'s entry points, woven at the entry of one method (of the JDK,
 * or of a client library the app loads), passing the hook's id and some of the method's arguments
 * (or {@code this}). Most entries add no branch, so the method's stack map frames stay valid; an
 * entry that {@link Entry#mayReturn may return} can end the method at once (the weaver adds the one
 * frame that branch needs): a method returning a value returns the gate's non-null result (cast to
 * the method's return type, so the gate can return Object where the type is the library's); a void
 * method is skipped when the gate returns true.
 */
public final class EntryHook {
    static final String GATE = "io/egressguard/agent/bootstrap/Gate";
    /** In {@code arguments}: pass the receiver. */
    public static final int THIS = -1;
    private static final String OBJECT = "Ljava/lang/Object;";

    /** The gate's entry points: which one the woven call reaches, and what it does with the answer. */
    public enum Entry {
        /** A JDK connect: (address, port). Throws to refuse. */
        CONNECT("connect", "(ILjava/net/InetAddress;I)V", 2),
        /** A JDK unconnected UDP send: (target, data). Throws to refuse. */
        DATAGRAM("datagram", "(ILjava/net/InetSocketAddress;Ljava/nio/ByteBuffer;)V", 2),
        /** A JDK name lookup: (host). Throws to refuse. */
        LOOKUP("lookup", "(ILjava/lang/String;)V", 1),
        /** A library's request starts: (request[, b]). Throws to refuse. */
        REQUEST("request", "(I" + OBJECT + OBJECT + ")V", 2),
        /** Non-void method, (a[, b[, c]]): a non-null answer is returned at once. */
        INSTEAD("instead", "(I" + OBJECT + OBJECT + OBJECT + ")" + OBJECT, 3),
        /** Void method, (a[, b]): true skips the method. */
        SKIP("skip", "(I" + OBJECT + OBJECT + ")Z", 2),
        /** Work handed to another thread: (carrier). */
        HAND_OVER("handOver", "(I" + OBJECT + ")V", 1),
        /** Work handed to another thread, with its destination: (host, port, carrier). */
        HAND_OVER_TO("handOverTo", "(ILjava/lang/String;I" + OBJECT + ")V", 3),
        /** A worker takes up handed-over work: (carrier). */
        RESUME("resume", "(I" + OBJECT + ")V", 1),
        /** A step followed, changing nothing: (a[, b]). */
        OBSERVE("observe", "(I" + OBJECT + OBJECT + ")V", 2),
        /** {@link #OBSERVE} on a hot path: one volatile read unless the handler watches. */
        WATCHED("watched", "(I" + OBJECT + OBJECT + ")V", 2);

        private final String gateMethod;
        private final String gateDescriptor;
        /** Arguments after the hook id (counted here: premain builds hooks without loading ASM). */
        private final int parameters;

        Entry(String gateMethod, String gateDescriptor, int parameters) {
            this.gateMethod = gateMethod;
            this.gateDescriptor = gateDescriptor;
            this.parameters = parameters;
        }

        String gateMethod() {
            return gateMethod;
        }

        String gateDescriptor() {
            return gateDescriptor;
        }

        /** The woven call can end the hooked method with the gate's answer. */
        boolean mayReturn() {
            return this == INSTEAD || this == SKIP;
        }

        /** Arguments after the hook id; for entries that take only objects, a hook may pass fewer (padded with null). */
        int parameters() {
            return parameters;
        }

        boolean objectsOnly() {
            return this != CONNECT && this != DATAGRAM && this != LOOKUP && this != HAND_OVER_TO;
        }
    }

    private final Entry entry;
    private final String name;
    private final String owner;
    private final String method;
    private final String descriptor;
    private final int[] arguments;
    private boolean appLoaded;
    private int id = -1;
    private volatile boolean woven;

    /**
     * @param entry      the gate entry point the woven call reaches
     * @param name       what the hook is called in messages and advice
     * @param owner      internal name of the class
     * @param method     method name
     * @param descriptor method descriptor
     * @param arguments  zero-based argument indexes of the hooked method to pass, in order ({@link #THIS} for the receiver)
     */
    public EntryHook(Entry entry, String name, String owner, String method, String descriptor, int... arguments) {
        this.entry = entry;
        this.name = name;
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
        this.arguments = arguments.clone();
        boolean voidMethod = descriptor.endsWith(")V");
        if (entry.mayReturn() && voidMethod != (entry == Entry.SKIP)) {
            throw new IllegalArgumentException(name + ": a void method is skipped (SKIP), any other returns the gate's object (INSTEAD)");
        }
        if (arguments.length > entry.parameters() || (!entry.objectsOnly() && arguments.length != entry.parameters())) {
            throw new IllegalArgumentException(name + ": " + entry + " takes " + entry.parameters() + " arguments, not " + arguments.length);
        }
    }

    /**
     * Marks a hook on a client library class (OkHttp, Netty): woven in whatever application loader
     * defines a class of exactly this name, never in the JDK's loaders.
     */
    public EntryHook loadedByApp() {
        appLoaded = true;
        return this;
    }

    /** Numbers the hook: its place in the agent's one list of hooks, which the gate passes back. */
    public EntryHook withId(int id) {
        if (this.id >= 0) {
            throw new IllegalStateException(name + " is already hook " + this.id);
        }
        this.id = id;
        return this;
    }

    public int id() {
        return id;
    }

    public Entry entry() {
        return entry;
    }

    public boolean isAppLoaded() {
        return appLoaded;
    }

    public String name() {
        return name;
    }

    public String owner() {
        return owner;
    }

    public String className() {
        return owner.replace('/', '.');
    }

    /** The hooked method's name. */
    public String method() {
        return method;
    }

    boolean matches(String methodName, String methodDescriptor) {
        return method.equals(methodName) && descriptor.equals(methodDescriptor);
    }

    int[] arguments() {
        return arguments;
    }

    void markWoven() {
        woven = true;
    }

    public boolean woven() {
        return woven;
    }

    public String target() {
        return className() + "." + method + descriptor;
    }
}
