package io.egressguard.agent.startup;

import java.lang.invoke.MethodHandles;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Defines classes into the boot loader through the JDK's internal Unsafe without reflection: on
 * JDK 18+ each first reflective call spins method handles worth tens of milliseconds of start-up.
 * It generates, with ASM, a class whose static initialiser calls {@code Unsafe.defineClass}
 * directly (straight-line code, one call per class) and runs that initialiser once. Linking needs
 * java.base's jdk.internal.misc exported to the agent (ModuleAccess does that).
 */
final class BootDefiner {
    private static final String SELF = "io/egressguard/agent/startup/BootDefiner";
    private static final String GENERATED = "io/egressguard/agent/startup/BootDefiner$Define";
    private static final String UNSAFE = "jdk/internal/misc/Unsafe";

    /** Read once by the generated initialiser: the names, then the class files. */
    static String[] pendingNames;
    static byte[][] pendingBytes;

    private BootDefiner() {
    }

    static synchronized void define(List<String> names, List<byte[]> classFiles) throws Exception {
        pendingNames = names.toArray(new String[0]);
        pendingBytes = classFiles.toArray(new byte[0][]);
        try {
            Class<?> generated = MethodHandles.lookup().defineClass(generate(names.size()));
            Class.forName(generated.getName(), true, BootDefiner.class.getClassLoader());
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("defining the gate in the boot loader failed: " + cause, cause);
        } finally {
            pendingNames = null;
            pendingBytes = null;
        }
    }

    private static byte[] generate(int count) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, GENERATED, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        for (int i = 0; i < count; i++) {
            // Unsafe.getUnsafe().defineClass(pendingNames[i], pendingBytes[i], 0, pendingBytes[i].length, null, null)
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, UNSAFE, "getUnsafe", "()L" + UNSAFE + ";", false);
            mv.visitFieldInsn(Opcodes.GETSTATIC, SELF, "pendingNames", "[Ljava/lang/String;");
            pushInt(mv, i);
            mv.visitInsn(Opcodes.AALOAD);
            mv.visitFieldInsn(Opcodes.GETSTATIC, SELF, "pendingBytes", "[[B");
            pushInt(mv, i);
            mv.visitInsn(Opcodes.AALOAD);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitFieldInsn(Opcodes.GETSTATIC, SELF, "pendingBytes", "[[B");
            pushInt(mv, i);
            mv.visitInsn(Opcodes.AALOAD);
            mv.visitInsn(Opcodes.ARRAYLENGTH);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UNSAFE, "defineClass",
                    "(Ljava/lang/String;[BIILjava/lang/ClassLoader;Ljava/security/ProtectionDomain;)Ljava/lang/Class;", false);
            mv.visitInsn(Opcodes.POP);
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void pushInt(MethodVisitor mv, int value) {
        if (value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        }
    }
}
