package io.egressguard.agent.hooks;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * Weaves {@link EntryHook}s into JDK classes with plain ASM: at start-up this costs a few
 * milliseconds, where Byte Buddy's agent builder costs hundreds (PLATFORM-NOTES.md).
 */
public final class HookTransformer implements ClassFileTransformer {
    private final List<EntryHook> hooks;
    private final Consumer<String> warn;
    private final BooleanSupplier gateReady;
    private final Runnable firstUse;

    /**
     * @param gateReady makes sure the gate exists before code that calls it is woven; false: weave nothing
     * @param firstUse  told (on the loading thread) each time a target is woven: the app is about to use the network
     */
    public HookTransformer(List<EntryHook> hooks, Consumer<String> warn, BooleanSupplier gateReady, Runnable firstUse) {
        this.hooks = hooks;
        this.warn = warn;
        this.gateReady = gateReady;
        this.firstUse = firstUse;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] classfile) {
        if (loader != null || className == null || !targets(className) || !gateReady.getAsBoolean()) {
            return null;
        }
        firstUse.run();
        try {
            ClassReader reader = new ClassReader(classfile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new HookingClassVisitor(writer, className), ClassReader.EXPAND_FRAMES);
            return writer.toByteArray();
        } catch (Throwable t) {
            warn.accept("could not weave " + className.replace('/', '.') + ", its outbound calls are not checked: " + t);
            return null;
        }
    }

    private boolean targets(String className) {
        for (EntryHook h : hooks) {
            if (h.owner().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private final class HookingClassVisitor extends ClassVisitor {
        private final String className;

        HookingClassVisitor(ClassVisitor next, String className) {
            super(Opcodes.ASM9, next);
            this.className = className;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            for (EntryHook h : hooks) {
                if (h.owner().equals(className) && h.matches(name, descriptor)) {
                    return new EntryAdvice(mv, access, name, descriptor, h);
                }
            }
            return mv;
        }
    }

    private static final class EntryAdvice extends AdviceAdapter {
        private final EntryHook hook;

        EntryAdvice(MethodVisitor next, int access, String name, String descriptor, EntryHook hook) {
            super(Opcodes.ASM9, next, access, name, descriptor);
            this.hook = hook;
        }

        @Override
        protected void onMethodEnter() {
            for (int arg : hook.arguments()) {
                loadArg(arg);
            }
            visitMethodInsn(INVOKESTATIC, EntryHook.GATE, hook.gateMethod(), hook.gateDescriptor(), false);
            hook.markWoven();
        }
    }
}
