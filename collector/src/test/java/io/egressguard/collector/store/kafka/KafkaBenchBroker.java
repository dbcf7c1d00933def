package io.egressguard.collector.store.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test suite's loopback KRaft broker in a JVM of its own, for bench/collector-drain.sh: with the
 * broker outside the drain's process, the drain's CPU per event is the collector's alone and the
 * broker's is read separately. Writes its bootstrap address to the file named by the first argument
 * once it accepts clients, and runs until it is killed.
 */
public final class KafkaBenchBroker {
    private KafkaBenchBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KafkaBenchBroker BOOTSTRAP-FILE");
            System.exit(2);
        }
        LoopbackKafkaBroker broker = LoopbackKafkaBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("broker shut down with an error: " + e);
            }
        }));
        Path file = Path.of(args[0]);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, broker.bootstrap(), StandardCharsets.US_ASCII);
        Files.move(tmp, file); // appears whole: the script polls for it
        Thread.currentThread().join();
    }
}
