package io.egressguard.agent.hooks;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.instrumentation.Instrumentations;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/** Weaves the running JDK's own class files and checks each hook lands first in its method. */
class HookTransformerTest {
    /** The hooks on the JDK's own classes, in every module. */
    static List<EntryHook> jdkHooks() {
        List<EntryHook> jdk = new ArrayList<>();
        for (EntryHook h : Instrumentations.all().hooks()) {
            if (!h.isAppLoaded()) {
                jdk.add(h);
            }
        }
        return jdk;
    }

    @Test
    void everyJdkHookFindsItsMethodAndCallsTheGateFirst() throws Exception {
        List<String> warnings = new ArrayList<>();
        for (EntryHook hook : jdkHooks()) {
            byte[] original = jdkClass(hook.owner());
            HookTransformer t = new HookTransformer(Collections.singletonList(hook), warnings::add, () -> true, () -> { });
            byte[] woven = t.transform(null, hook.owner(), null, null, original);
            assertNotNull(woven, hook.name());
            assertTrue(hook.woven(), hook.name() + " found its method on this JDK");

            ClassNode node = new ClassNode();
            new ClassReader(woven).accept(node, 0);
            MethodInsnNode first = null;
            for (MethodNode m : node.methods) {
                if (hook.matches(m.name, m.desc)) {
                    for (AbstractInsnNode insn : m.instructions) {
                        if (insn.getOpcode() == Opcodes.INVOKESTATIC) {
                            first = (MethodInsnNode) insn;
                            break;
                        }
                        int op = insn.getOpcode();
                        boolean argument = op == Opcodes.ALOAD || op == Opcodes.ILOAD || op == Opcodes.ACONST_NULL
                                || (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) || op == Opcodes.BIPUSH || op == Opcodes.SIPUSH;
                        if (op >= 0 && !argument) {
                            break;
                        }
                    }
                }
            }
            assertNotNull(first, hook.name() + ": the gate call is the first call of the method");
            assertEquals(EntryHook.GATE, first.owner);
            assertEquals(hook.entry().gateMethod(), first.name);
            // The woven class still verifies structurally.
            CheckClassAdapter.verify(new ClassReader(woven), false, new java.io.PrintWriter(new java.io.StringWriter()));
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void classesOfApplicationLoadersAreNeverTouched() throws Exception {
        EntryHook hook = jdkHooks().get(0);
        byte[] original = jdkClass(hook.owner());
        HookTransformer t = new HookTransformer(jdkHooks(), w -> { }, () -> true, () -> { });
        assertNull(t.transform(getClass().getClassLoader(), hook.owner(), null, null, original));
        assertNull(t.transform(null, "java/lang/String", null, null, jdkClass("java/lang/String")));
    }

    @Test
    void nothingIsWovenWhenTheGateCannotBeDefined() throws Exception {
        EntryHook hook = jdkHooks().get(0);
        HookTransformer t = new HookTransformer(jdkHooks(), w -> { }, () -> false, () -> { });
        assertNull(t.transform(null, hook.owner(), null, null, jdkClass(hook.owner())),
                "woven code calling a missing gate would break the app's every connect");
    }

    private static byte[] jdkClass(String internalName) throws Exception {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        String module = internalName.startsWith("jdk/internal/net/http/") ? "java.net.http" : "java.base";
        try (InputStream in = Files.newInputStream(jrt.getPath("modules", module, internalName + ".class"))) {
            return in.readAllBytes();
        }
    }
}
