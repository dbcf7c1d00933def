package io.egressguard.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Polls a policy file and the lists it includes on a daemon thread named "egressguard-policy" and
 * publishes each good new version. A bad edit keeps the last good policy and is reported once per bad
 * version. Polling (not WatchService) because it works the same on every file system, including bind
 * mounts and ConfigMap symlink swaps, and costs a few stat calls per interval.
 */
public final class PolicyWatcher implements AutoCloseable {
    /** Receives new policies and problems on the watcher thread. Exceptions it throws are ignored. */
    public interface Listener {
        void onPolicy(Policy policy);

        void onError(String message);
    }

    /** How the watcher reads the policy; tests stand in a loader that hangs. */
    interface Loader {
        Policy load(Path file, List<Path> touched) throws PolicyException;
    }

    static final Loader FILES = new Loader() {
        @Override
        public Policy load(Path file, List<Path> touched) throws PolicyException {
            return PolicyLoader.load(file, touched);
        }
    };

    public static final long DEFAULT_POLL_MILLIS = 250;
    /**
     * How long {@link #start} waits for the first load. Reading can hang (a FIFO swapped in after the
     * check, a hung network mount), and the app's threads wait for the agent meanwhile.
     */
    public static final long FIRST_LOAD_MILLIS = 5_000;
    static final String THREAD_NAME = "egressguard-policy";
    /** Files modified this recently are also compared by content: mtime granularity can hide an edit. */
    private static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Path file;
    private final long pollMillis;
    private final Listener listener;
    private final Loader loader;
    private final Thread thread;
    private volatile Policy current;
    private volatile boolean closed;
    private Map<Path, Stamp> stamps = new LinkedHashMap<>();
    /** Guarded by this: the first load's outcome, and whether {@link #start} stopped waiting for it. */
    private boolean firstDone;
    private boolean gaveUp;
    private String firstError;

    private PolicyWatcher(Path file, long pollMillis, Listener listener, Loader loader) {
        if (pollMillis <= 0 || pollMillis > 500) {
            throw new IllegalArgumentException("pollMillis must be 1-500, was " + pollMillis);
        }
        this.file = file;
        this.pollMillis = pollMillis;
        this.listener = listener;
        this.loader = loader;
        this.thread = new Thread(new Runnable() {
            @Override
            public void run() {
                firstLoad();
                loop();
            }
        }, THREAD_NAME);
        thread.setDaemon(true);
    }

    /**
     * Loads {@code file} on the watcher thread and keeps watching it; waits at most
     * {@link #FIRST_LOAD_MILLIS} for that first load. If it fails, or does not finish in time, the
     * policy is {@link Policy#failClosed} with the error as reason, and the error goes to the
     * listener; the next good version (or the late end of a slow first load) replaces it.
     */
    public static PolicyWatcher start(Path file, Listener listener) {
        return start(file, listener, DEFAULT_POLL_MILLIS, FIRST_LOAD_MILLIS, FILES);
    }

    /**
     * As {@link #start(Path, Listener)}, refusing any version of the policy whose file, or a list
     * file it names, this process could modify ({@link WritableFiles}): refusing keeps the last good
     * policy, or fails closed at start, with one line naming the file and why.
     */
    public static PolicyWatcher startRefusingWritable(Path file, Listener listener) {
        return start(file, listener, DEFAULT_POLL_MILLIS, FIRST_LOAD_MILLIS, refusingWritable(FILES));
    }

    static Loader refusingWritable(Loader loader) {
        return new Loader() {
            @Override
            public Policy load(Path file, List<Path> touched) throws PolicyException {
                Policy policy = loader.load(file, touched);
                List<Path> files = new ArrayList<>();
                files.add(file);
                files.addAll(touched);
                for (Path f : files) {
                    String problem = WritableFiles.problem(f);
                    if (problem != null) {
                        // the check follows the load: a file swapped in meanwhile is caught by the next poll
                        throw new PolicyException(f.toString(), 1, problem + ", so the app could rewrite its own policy;"
                                + " refused (make it read-only to the app, or set policy.writable=allow)");
                    }
                }
                return policy;
            }
        };
    }

    static PolicyWatcher start(Path file, Listener listener, long pollMillis, long firstLoadMillis, Loader loader) {
        PolicyWatcher w = new PolicyWatcher(file, pollMillis, listener, loader);
        w.thread.start();
        String error = w.awaitFirstLoad(firstLoadMillis);
        if (error != null) {
            w.report(error);
        }
        return w;
    }

    /** The first load's error, or a time-out message; null when it loaded. */
    private synchronized String awaitFirstLoad(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        while (!firstDone) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (firstDone) {
            return firstError;
        }
        gaveUp = true;
        String error = file + ": not loaded within " + millis + " ms (a file whose reading blocks, such as a FIFO, or a hung"
                + " network mount?); it is used as soon as it can be read";
        current = Policy.failClosed(error);
        return error;
    }

    /** On the watcher thread: the first load, handed to {@link #start}, or published late if it gave up waiting. */
    private void firstLoad() {
        List<Path> touched = new ArrayList<>();
        touched.add(file);
        Policy loaded = null;
        String error;
        try {
            stamps = snapshot(touched); // before reading: an edit made during the load is seen by the next poll
            loaded = loader.load(file, touched);
            error = null;
        } catch (PolicyException e) {
            error = e.getMessage();
        } catch (Throwable t) {
            error = file + ": cannot load the policy: " + t;
        }
        try {
            addWatched(touched);
        } catch (Throwable t) {
            // polled again in the loop
        }
        boolean late;
        synchronized (this) {
            late = gaveUp;
            if (!late) {
                current = loaded != null ? loaded : Policy.failClosed(error);
                firstError = error;
                firstDone = true;
                notifyAll();
            }
        }
        if (late) {
            publish(loaded, error);
        }
    }

    /** The policy in force: the last one that loaded successfully. */
    public Policy current() {
        return current;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            try {
                pollOnce();
            } catch (Throwable t) {
                // never let a surprise (OutOfMemoryError included) end the watcher: the last good policy stays
                report(file + ": policy watcher problem: " + t);
            }
        }
    }

    /** One poll: reload when any watched file changed. Package-private for tests. */
    synchronized void pollOnce() {
        Map<Path, Stamp> now = snapshot(new ArrayList<>(stamps.keySet()));
        if (now.equals(stamps)) {
            return;
        }
        stamps = now;
        List<Path> touched = new ArrayList<>();
        Policy p = null;
        String error = null;
        try {
            p = loader.load(file, touched);
        } catch (PolicyException e) {
            error = e.getMessage();
        }
        addWatched(touched); // e.g. a list file that does not exist yet: its creation triggers a reload
        publish(p, error);
    }

    private void publish(Policy p, String error) {
        if (p == null) {
            report(error);
            return;
        }
        current = p;
        try {
            listener.onPolicy(p);
        } catch (RuntimeException ignored) {
            // the listener's problem must not stop reloads
        }
    }

    private synchronized void addWatched(List<Path> paths) {
        List<Path> added = new ArrayList<>();
        for (Path p : paths) {
            if (!stamps.containsKey(p)) {
                added.add(p);
            }
        }
        if (!added.isEmpty()) {
            Map<Path, Stamp> copy = new LinkedHashMap<>(stamps);
            copy.putAll(snapshot(added));
            stamps = copy;
        }
    }

    private void report(String message) {
        try {
            listener.onError(message);
        } catch (Throwable ignored) {
            // as above; an OutOfMemoryError here must not end the thread either
        }
    }

    private Map<Path, Stamp> snapshot(List<Path> paths) {
        Map<Path, Stamp> m = new LinkedHashMap<>();
        long nowNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        for (Path p : paths) {
            m.put(p, Stamp.of(p, nowNanos, p.equals(file) ? PolicyFiles.MAX_POLICY_BYTES : PolicyFiles.MAX_LIST_BYTES));
        }
        return m;
    }

    /**
     * What a file looked like: absent, or mtime + size (+ a content checksum while recently modified,
     * read in small pieces, and only of a regular file within the loader's cap: a FIFO would block the
     * read and a huge file would fill the heap).
     */
    private static final class Stamp {
        final boolean exists;
        final long mtime;
        final long size;
        final long crc;

        private Stamp(boolean exists, long mtime, long size, long crc) {
            this.exists = exists;
            this.mtime = mtime;
            this.size = size;
            this.crc = crc;
        }

        static Stamp of(Path p, long nowNanos, long cap) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                long crc = -1;
                if (nowNanos - mtime < RECENT_NANOS && a.isRegularFile() && a.size() <= cap) {
                    crc = crc(p, cap);
                }
                // a FIFO or directory: its kind is part of the stamp, so swapping in a regular file reloads
                return new Stamp(true, mtime, a.isRegularFile() ? a.size() : -2, crc);
            } catch (IOException e) {
                return new Stamp(false, 0, 0, -1);
            }
        }

        private static long crc(Path p, long cap) throws IOException {
            CRC32 c = new CRC32();
            byte[] buf = new byte[8192];
            long total = 0;
            try (InputStream in = Files.newInputStream(p)) {
                int n;
                while (total <= cap && (n = in.read(buf)) > 0) {
                    c.update(buf, 0, n);
                    total += n;
                }
            }
            return c.getValue();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Stamp)) {
                return false;
            }
            Stamp s = (Stamp) o;
            return exists == s.exists && mtime == s.mtime && size == s.size
                    && (crc == -1 || s.crc == -1 || crc == s.crc);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(mtime * 31 + size);
        }
    }
}
