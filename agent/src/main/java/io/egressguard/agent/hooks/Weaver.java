package io.egressguard.agent.hooks;

import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * Weaves {@link EntryHook}s with plain ASM: a few milliseconds, where Byte Buddy's agent builder
 * costs hundreds (PLATFORM-NOTES.md). Loaded with the first JDK network class, not in premain.
 */
final class Weaver {
    private Weaver() {
    }

    static byte[] weave(List<EntryHook> hooks, String className, byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new HookingClassVisitor(writer, hooks, className), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private static final class HookingClassVisitor extends ClassVisitor {
        private final List<EntryHook> hooks;
        private final String className;

        HookingClassVisitor(ClassVisitor next, List<EntryHook> hooks, String className) {
            super(Opcodes.ASM9, next);
            this.hooks = hooks;
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
