package io.egressguard.agent.itapps;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Paths;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * An app that bundles its own Jackson, Byte Buddy and Chronicle Queue (other versions than the
 * agent's) and uses them while the agent runs: OwnLibraries QUEUE_DIR CANARY_HOST CANARY_PORT.
 * Prints the Jackson and Byte Buddy versions it sees, for the test to compare with the ones the pom
 * puts first on its class path (it.own.* in agent/pom.xml).
 */
public final class OwnLibraries {
    public static void main(String[] args) throws Exception {
        Outcome.print("jackson", new ObjectMapper().version().toString());
        String bbJar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        Outcome.print("bytebuddy", bbJar.replaceAll(".*byte-buddy-(.*)\\.jar$", "$1"));
        Outcome.attempt("bytebuddy-subclass", () -> {
            Class<?> made = new ByteBuddy().subclass(Object.class).name("app.Generated").make()
                    .load(OwnLibraries.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
            if (!made.getName().equals("app.Generated")) {
                throw new IllegalStateException(made.getName());
            }
        });
        Outcome.attempt("chronicle", () -> {
            try (ChronicleQueue q = ChronicleQueue.singleBuilder(Paths.get(args[0])).build()) {
                ExcerptAppender appender = q.createAppender();
                appender.writeText("app's own record");
                ExcerptTailer tailer = q.createTailer();
                String back = tailer.readText();
                if (!"app's own record".equals(back)) {
                    throw new IllegalStateException("read back " + back);
                }
            }
        });
        Outcome.attempt("socket", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 2000);
            }
        });
    }
}
