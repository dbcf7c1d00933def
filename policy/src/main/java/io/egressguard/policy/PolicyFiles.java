package io.egressguard.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * How every policy input is opened: regular files only (a symlink to one is fine, as ConfigMaps
 * swap them), checked before opening because opening a FIFO with no writer blocks forever, and
 * never more than a cap read, because the whole file becomes rules in the app's heap.
 */
final class PolicyFiles {
    /** The largest policy file read; a larger one is refused with one line naming file and size. */
    static final int MAX_POLICY_BYTES = 4 << 20;
    /** The largest domain list read: hosts-file blocklists run to a few MiB. */
    static final int MAX_LIST_BYTES = 32 << 20;

    private PolicyFiles() {
    }

    /** The attributes of a regular file no larger than {@code cap}; else a one-line refusal. */
    static BasicFileAttributes check(Path file, String what, long cap) throws PolicyException {
        String f = file.toString();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class); // follows symlinks
        } catch (NoSuchFileException e) {
            throw new PolicyException(f, 1, what + " not found; create it or fix the path");
        } catch (IOException e) {
            throw new PolicyException(f, 1, "cannot read the " + what + ": " + e);
        }
        if (!a.isRegularFile()) {
            throw new PolicyException(f, 1, "the " + what + " is " + kind(a) + ", not a regular file; point to a regular file"
                    + " (a symlink to one is fine)");
        }
        if (a.size() > cap) {
            throw overCap(f, what, a.size(), cap);
        }
        return a;
    }

    /** Reads a file that {@link #check} accepted, refusing it if it grew past {@code cap} meanwhile. */
    static byte[] read(Path file, String what, long cap) throws PolicyException {
        check(file, what, cap);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) cap + 1);
            if (bytes.length > cap) {
                throw overCap(file.toString(), what, -1, cap);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new PolicyException(file.toString(), 1, what + " not found; create it or fix the path");
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 1, "cannot read the " + what + ": " + e);
        }
    }

    /**
     * Opens a file that {@link #check} accepted for streaming; reading past {@code cap} bytes (it grew
     * meanwhile) throws {@link OverCap}.
     */
    static InputStream open(Path file, String what, long cap) throws PolicyException, IOException {
        check(file, what, cap);
        return new Capped(Files.newInputStream(file), cap);
    }

    /** Thrown by a stream from {@link #open} at the first byte past the cap. */
    static final class OverCap extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static final class Capped extends java.io.FilterInputStream {
        private long left;

        Capped(InputStream in, long cap) {
            super(in);
            this.left = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new OverCap();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (left -= n) < 0) {
                throw new OverCap();
            }
            return n;
        }
    }

    static PolicyException overCap(String f, String what, long size, long cap) {
        return new PolicyException(f, 1, "the " + what + " is " + (size >= 0 ? size + " bytes" : "growing past the limit")
                + ", over the " + mib(cap) + " limit (" + cap + " bytes); refused; keep long host lists in domain list files (up to "
                + mib(MAX_LIST_BYTES) + ")");
    }

    static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        return "a FIFO, socket or device";
    }
}
