package io.egressguard.collector.journal;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.IoErrors;
import io.egressguard.collector.consumer.ConsumerRegistry;
import io.egressguard.event.EventCodec;
import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One JVM's journal: a subdirectory of the queue parent holding a Chronicle Queue, the JVM's
 * {@code jvm.json} and possibly its spill file ({@link SpillLog}). Its directory name identifies it in the store.
 */
public record JournalDir(String name, Path dir) {
    public static final String JVM_FILE = "jvm.json";

    /** The journals under {@code parent}, by name; throws naming the directory when it is unusable. */
    public static List<JournalDir> discover(Path parent) {
        if (!Files.exists(parent)) {
            throw new CollectorException("queue directory " + parent + " does not exist (check --queue)");
        }
        if (!Files.isDirectory(parent)) {
            throw new CollectorException("queue directory " + parent + " is not a directory (check --queue)");
        }
        List<JournalDir> journals = new ArrayList<>();
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : (Iterable<Path>) children.sorted(Comparator.comparing(Path::getFileName))::iterator) {
                // The consumer registry lives beside the journals; whatever it holds, it is none.
                boolean registry = child.getFileName().toString().equals(ConsumerRegistry.DIR);
                if (!registry && Files.isDirectory(child) && (Files.exists(child.resolve(JVM_FILE)) || hasCycleFiles(child))) {
                    journals.add(new JournalDir(child.getFileName().toString(), child));
                }
            }
        } catch (IOException e) {
            throw new CollectorException("cannot list queue directory " + parent + ": " + IoErrors.reason(e), e);
        }
        return journals;
    }

    /** Whether the agent has written its spill file (events before Chronicle was ready, and at exit). */
    public boolean hasSpill() {
        return SpillLog.exists(dir);
    }

    /** Whether Chronicle has written a cycle file yet; until then there is nothing to read. */
    public boolean hasCycles() {
        return hasCycleFiles(dir);
    }

    /** The JVM that wrote this journal, or null when {@code jvm.json} is missing or unreadable. */
    public JvmInfo readJvm() throws IOException {
        Path file = dir.resolve(JVM_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        return EventCodec.mapper().readValue(file.toFile(), JvmInfo.class);
    }

    private static boolean hasCycleFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        } catch (IOException e) {
            return false;
        }
    }
}
