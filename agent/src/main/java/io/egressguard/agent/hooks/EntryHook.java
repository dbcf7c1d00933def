package io.egressguard.agent.hooks;

/**
 * A call to a static {@code Gate} method woven at the entry of one method (of the JDK, or of a client
 * library the app loads), passing some of the method's arguments (or {@code this}). A plain
 * {@link Kind#ENTRY} hook adds no branch, so the method's stack map frames stay valid; an
 * {@link Kind#ENTRY_MAY_RETURN} hook can end the method at once (the weaver adds the one frame that
 * branch needs): a method returning a value returns the gate's non-null result (cast to the
 * method's return type, so the gate can return Object where the type is the library's); a void
 * method is skipped when the gate returns true.
 */
public final class EntryHook {
    static final String GATE = "io/egressguard/agent/bootstrap/Gate";
    /** In {@code arguments}: pass the receiver. */
    public static final int THIS = -1;

    /** What the woven call does with the gate's answer. */
    public enum Kind {
        /** The gate returns void; it throws to refuse. */
        ENTRY,
        /**
         * Non-void method: the gate returns an object, non-null means "return this instead". Void
         * method: the gate returns boolean, true means "skip the method" (it has done what the
         * caller must see, such as failing a promise).
         */
        ENTRY_MAY_RETURN
    }

    private final String name;
    private final String owner;
    private final String method;
    private final String descriptor;
    private final String gateMethod;
    private final String gateDescriptor;
    private final int[] arguments;
    private final Kind kind;
    private boolean appLoaded;
    private volatile boolean woven;

    /**
     * @param name        what the hook is called in messages
     * @param owner       internal name of the JDK class
     * @param method      method name
     * @param descriptor  method descriptor
     * @param gateMethod  static method of the Gate to call
     * @param gateDescriptor its descriptor
     * @param arguments   zero-based argument indexes of the hooked method to pass, in order ({@link #THIS} for the receiver)
     */
    public EntryHook(String name, String owner, String method, String descriptor, String gateMethod, String gateDescriptor, int... arguments) {
        this(Kind.ENTRY, name, owner, method, descriptor, gateMethod, gateDescriptor, arguments);
    }

    /** A hook of the given kind; see the other constructor for the parameters. */
    public EntryHook(Kind kind, String name, String owner, String method, String descriptor, String gateMethod, String gateDescriptor, int... arguments) {
        this.kind = kind;
        this.name = name;
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
        this.gateMethod = gateMethod;
        this.gateDescriptor = gateDescriptor;
        this.arguments = arguments.clone();
        boolean voidMethod = descriptor.endsWith(")V");
        if (kind == Kind.ENTRY_MAY_RETURN && voidMethod != gateDescriptor.endsWith(")Z")) {
            throw new IllegalArgumentException(name + ": a void method is skipped by a gate returning boolean, any other returns the gate's object");
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

    boolean matches(String methodName, String methodDescriptor) {
        return method.equals(methodName) && descriptor.equals(methodDescriptor);
    }

    String gateMethod() {
        return gateMethod;
    }

    String gateDescriptor() {
        return gateDescriptor;
    }

    int[] arguments() {
        return arguments;
    }

    Kind kind() {
        return kind;
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
