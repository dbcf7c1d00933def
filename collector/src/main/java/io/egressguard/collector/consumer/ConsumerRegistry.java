package io.egressguard.collector.consumer;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.IoErrors;
import io.egressguard.collector.store.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The consumers of a queue, kept in the queue directory itself ({@value #DIR}/, 0700), one file per
 * consumer ({@code NAME.json}, 0600), as Kafka keeps a consumer group's offsets beside its log:
 * retention must know every store that drains the queue, not only those of the drain at hand.
 * One file each means two collectors writing at once never lose each other's entry; each file is
 * replaced by renaming a complete temporary file over it, so a reader sees the old entry or the
 * new one, never half of one.
 */
public final class ConsumerRegistry {
    /** The registry's directory name under the queue directory; no journal is ever called this. */
    public static final String DIR = "consumers";
    private static final String SUFFIX = ".json";

    private final Path queue;
    private final Path dir;

    private ConsumerRegistry(Path queue) {
        this.queue = queue;
        this.dir = queue.resolve(DIR);
    }

    public static ConsumerRegistry in(Path queue) {
        return new ConsumerRegistry(queue);
    }

    public Path dir() {
        return dir;
    }

    public Path fileOf(String name) {
        return dir.resolve(name + SUFFIX);
    }

    /** An entry that could not be read: retention must not act without it. */
    public record Unreadable(Path file, String problem) {
        /** One line naming the file and what is wrong with it. */
        public String describe() {
            return "consumer entry " + file + " is unreadable (" + problem + ")";
        }
    }

    /** Every entry, by name, and every file that should be an entry but cannot be read. */
    public record Listing(List<ConsumerEntry> entries, List<Unreadable> unreadable) {
        public boolean isEmpty() {
            return entries.isEmpty() && unreadable.isEmpty();
        }

        public Optional<ConsumerEntry> find(String name) {
            return entries.stream().filter(e -> e.name().equals(name)).findFirst();
        }
    }

    /** Reads the registry; a missing directory is an empty registry, an unlistable one is reported as unreadable. */
    public Listing read() {
        List<ConsumerEntry> entries = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        if (!Files.exists(dir)) {
            return new Listing(entries, unreadable);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            // Temporary files start with '.': they are a write in progress (or one a crash left), never an entry.
            // Other files than *.json (an editor's backup, a note) are not entries either.
            files = list.filter(f -> !f.getFileName().toString().startsWith(".") && f.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(Path::getFileName)).toList();
        } catch (IOException e) {
            unreadable.add(new Unreadable(dir, "cannot list it: " + IoErrors.reason(e)));
            return new Listing(entries, unreadable);
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - SUFFIX.length());
            if (!ConsumerEntry.validName(name) || !Files.isRegularFile(file)) {
                unreadable.add(new Unreadable(file, "not a consumer entry: expected a file NAME.json, NAME of letters, digits, '.', '_', '-'"));
                continue;
            }
            try {
                entries.add(ConsumerEntry.fromJson(Files.readAllBytes(file), name));
            } catch (NoSuchFileException e) {
                // removed since the listing: no longer a consumer
            } catch (IOException e) {
                unreadable.add(new Unreadable(file, IoErrors.reason(e)));
            } catch (IllegalArgumentException e) {
                unreadable.add(new Unreadable(file, e.getMessage()));
            }
        }
        return new Listing(entries, unreadable);
    }

    /**
     * Writes (creates or replaces) an entry atomically: a complete, synced temporary file is renamed
     * over the old one. Throws a {@link CollectorException} naming the file.
     */
    public void write(ConsumerEntry entry) {
        Path target = fileOf(entry.name());
        Path tmp = null;
        try {
            createDir();
            tmp = posix() ? Files.createTempFile(dir, "." + entry.name() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE))
                    : Files.createTempFile(dir, "." + entry.name() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(entry.toJson());
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically");
            }
            tmp = null;
        } catch (IOException e) {
            throw new CollectorException("cannot write consumer entry " + target + ": " + IoErrors.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file is never read as an entry
                }
            }
        }
    }

    /** Removes an entry; false when there was none. Throws a {@link CollectorException} naming the file. */
    public boolean remove(String name) {
        Path file = fileOf(name);
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CollectorException("cannot remove consumer entry " + file + ": " + IoErrors.reason(e), e);
        }
    }

    private void createDir() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (!Files.isDirectory(queue)) {
            throw new NoSuchFileException(queue.toString());
        }
        try {
            if (posix()) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // another collector made it first
        }
    }

    private boolean posix() {
        return queue.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
