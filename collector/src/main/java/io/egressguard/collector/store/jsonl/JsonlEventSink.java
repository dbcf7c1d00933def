package io.egressguard.collector.store.jsonl;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.OwnerOnlyFiles;
import io.egressguard.collector.store.StoredEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events as JSON lines, appended to a file or written to stdout ({@code jsonl:-}).
 *
 * <p>A file's journal positions live in {@code PATH.positions}, replaced atomically (write, fsync,
 * rename, fsync the directory) only after the batch's lines are written and fsynced. The drain
 * resumes after those positions, so nothing at or before them is emitted again. This is
 * at-least-once, not exactly-once: a crash between the lines' fsync and the rename leaves that one
 * batch in the file without its positions, and the next run appends it again (at most
 * {@code --batch-size} lines per journal). Stdout keeps no positions: each run emits the journals
 * from their beginning (or as far back as retention left them).
 */
public final class JsonlEventSink implements EventSink {
    private final String label;
    private final Path file;
    private final Path positionsFile;
    private final FileChannel channel;
    private final Writer stdout;
    /** Buffers the lines of a batch in front of {@code channel}; never closed itself (that would close the channel). */
    private final OutputStream fileOut;
    private final Map<String, Long> positions = new TreeMap<>();

    private JsonlEventSink(String label, Path file, FileChannel channel, Writer stdout) {
        this.label = label;
        this.file = file;
        this.positionsFile = file == null ? null : Path.of(file + ".positions");
        this.channel = channel;
        this.stdout = stdout;
        this.fileOut = channel == null ? null : new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
    }

    public static JsonlEventSink stdout(Writer out) {
        return new JsonlEventSink("jsonl:-", null, null, out);
    }

    public static JsonlEventSink open(Path file) {
        if (Files.isDirectory(file)) {
            throw new CollectorException("store jsonl:" + file + " is a directory, not a file");
        }
        OwnerOnlyFiles.createFile(file);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new JsonlEventSink("jsonl:" + file, file, channel, null);
        } catch (IOException e) {
            throw new CollectorException("store jsonl:" + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public void migrate() {
        if (positionsFile == null || !Files.exists(positionsFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(positionsFile, StandardCharsets.UTF_8)) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0) {
                    positions.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new CollectorException("store " + label + ": positions file " + positionsFile + " is unreadable: "
                    + e.getMessage() + " (delete it to start over from the journals' beginning)", e);
        }
    }

    @Override
    public Map<String, Long> positions() {
        return new TreeMap<>(positions);
    }

    @Override
    public int commit(List<StoredEvent> events, List<Damage> damaged, Map<String, Long> reached) {
        if (!damaged.isEmpty() && file != null) {
            // before the positions move past it; a line twice (a crash between) is harmless, none is not
            appendDamaged(damaged);
        }
        try {
            if (channel == null) {
                for (StoredEvent event : events) {
                    stdout.write(event.json());
                    stdout.write('\n');
                }
                stdout.flush();
            } else {
                // Event by event through one buffer: joining a batch into one string first doubled the copying.
                for (StoredEvent event : events) {
                    fileOut.write(event.utf8());
                    fileOut.write('\n');
                }
                fileOut.flush();
                channel.force(false);
            }
        } catch (IOException e) {
            throw new CollectorException("store " + label + ": cannot write " + events.size() + " events: " + e.getMessage(), e);
        }
        reached.forEach((journal, index) -> positions.merge(journal, index, Math::max));
        if (positionsFile != null) {
            writePositions();
        }
        return events.size();
    }

    /**
     * Damage goes beside the events, in {@code PATH.damaged}, one JSON object per line: the events
     * file stays events only for log shippers. On stdout only stderr's notice says it.
     */
    private void appendDamaged(List<Damage> damaged) {
        Path damagedFile = Path.of(file + ".damaged");
        try {
            OwnerOnlyFiles.createFile(damagedFile);
            try (FileChannel out = FileChannel.open(damagedFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                for (Damage d : damaged) {
                    byte[] json = d.toJson();
                    ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
                    while (line.hasRemaining()) {
                        out.write(line);
                    }
                }
                out.force(true);
            }
        } catch (IOException e) {
            throw new CollectorException("store " + label + ": cannot write " + damagedFile + ": " + e.getMessage(), e);
        }
    }

    private void writePositions() {
        StringBuilder text = new StringBuilder();
        positions.forEach((journal, index) -> text.append(journal).append('\t').append(index).append('\n'));
        Path tmp = Path.of(positionsFile + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            OwnerOnlyFiles.createFile(tmp);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            try {
                Files.move(tmp, positionsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, positionsFile, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(positionsFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new CollectorException("store " + label + ": cannot write positions file " + positionsFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** Makes the rename itself durable; some file systems refuse to open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            } else {
                stdout.flush();
            }
        } catch (IOException e) {
            throw new CollectorException("store " + label + ": cannot close: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
