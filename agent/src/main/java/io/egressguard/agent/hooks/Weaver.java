package io.egressguard.agent.hooks;

import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * Weaves {@link EntryHook}s with plain ASM: a few milliseconds, where Byte Buddy's agent builder
 * costs hundreds (docs/internals.md). Loaded with the first network class, not in premain.
 */
final class Weaver {
    private Weaver() {
    }

    /*
     * COMPUTE_MAXS, never COMPUTE_FRAMES: computing frames loads classes to find common supertypes,
     * which inside a boot-class transform can deadlock or load classes too early. The one branch an
     * ENTRY_MAY_RETURN hook adds gets its frame from EntryAdvice instead (EXPAND_FRAMES lets us
     * emit an uncompressed frame among the method's own).
     */
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
                    return new EntryAdvice(mv, access, name, descriptor, h, className);
                }
            }
            return mv;
        }
    }

    private static final class EntryAdvice extends AdviceAdapter {
        private final EntryHook hook;
        private final String owner;
        private final boolean isStatic;
        private final String descriptor;

        EntryAdvice(MethodVisitor next, int access, String name, String descriptor, EntryHook hook, String owner) {
            super(Opcodes.ASM9, next, access, name, descriptor);
            this.hook = hook;
            this.owner = owner;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.descriptor = descriptor;
        }

        @Override
        protected void onMethodEnter() {
            EntryHook.Entry entry = hook.entry();
            push(hook.id());
            for (int arg : hook.arguments()) {
                if (arg == EntryHook.THIS) {
                    loadThis();
                } else {
                    loadArg(arg);
                }
            }
            for (int i = hook.arguments().length; i < entry.parameters(); i++) {
                visitInsn(ACONST_NULL); // an entry of objects, given fewer by this hook
            }
            visitMethodInsn(INVOKESTATIC, EntryHook.GATE, entry.gateMethod(), entry.gateDescriptor(), false);
            if (entry.mayReturn()) {
                returnUnlessNull();
            }
            hook.markWoven();
        }

        /**
         * Non-void: {@code dup; ifnull L; checkcast R; areturn; L: pop}. Void: {@code ifeq L; return;
         * L: nop}. The frame at L is the method's entry state (this and the arguments as declared),
         * plus the gate's result on the stack in the non-void form.
         */
        private void returnUnlessNull() {
            // Straight to the next visitor: the adapter's own bookkeeping (local remapping, exit
            // callbacks) has no business with these instructions.
            MethodVisitor out = mv;
            Label proceed = new Label();
            Type methodReturn = Type.getReturnType(descriptor);
            boolean skipForm = methodReturn.getSort() == Type.VOID;
            if (skipForm) {
                out.visitJumpInsn(IFEQ, proceed);
                out.visitInsn(RETURN);
            } else {
                Type gateReturn = Type.getReturnType(hook.entry().gateDescriptor());
                out.visitInsn(DUP);
                out.visitJumpInsn(IFNULL, proceed);
                if (!gateReturn.equals(methodReturn)) {
                    // A library's type the boot-loaded gate cannot name: it returns Object.
                    out.visitTypeInsn(CHECKCAST, methodReturn.getInternalName());
                }
                out.visitInsn(ARETURN);
            }
            out.visitLabel(proceed);
            Type[] args = Type.getArgumentTypes(descriptor);
            Object[] locals = new Object[args.length + (isStatic ? 0 : 1)];
            int i = 0;
            if (!isStatic) {
                locals[i++] = owner;
            }
            for (Type t : args) {
                locals[i++] = frameType(t);
            }
            if (skipForm) {
                out.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
                // Keeps our frame off the offset of a frame the method may have at its start.
                out.visitInsn(NOP);
            } else {
                Object[] stack = {Type.getReturnType(hook.entry().gateDescriptor()).getInternalName()};
                out.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, stack);
                out.visitInsn(POP);
            }
        }

        private static Object frameType(Type t) {
            switch (t.getSort()) {
                case Type.BOOLEAN:
                case Type.BYTE:
                case Type.CHAR:
                case Type.SHORT:
                case Type.INT:
                    return Opcodes.INTEGER;
                case Type.LONG:
                    return Opcodes.LONG;
                case Type.DOUBLE:
                    return Opcodes.DOUBLE;
                case Type.FLOAT:
                    return Opcodes.FLOAT;
                default:
                    return t.getInternalName(); // objects and arrays (an array's internal name is its descriptor)
            }
        }
    }
}
