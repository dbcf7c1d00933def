package io.egressguard.agent.policy;

import java.io.IOException;
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

    public static final long DEFAULT_POLL_MILLIS = 250;
    static final String THREAD_NAME = "egressguard-policy";
    /** Files modified this recently are also compared by content: mtime granularity can hide an edit. */
    private static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Path file;
    private final long pollMillis;
    private final Listener listener;
    private final Thread thread;
    private volatile Policy current;
    private volatile boolean closed;
    private Map<Path, Stamp> stamps;

    /**
     * Starts watching {@code file}; {@code initial} is the policy in force now (normally
     * {@code PolicyLoader.load(file)}, or {@code Policy.failClosed(...)} when that failed).
     */
    public PolicyWatcher(Path file, Policy initial, long pollMillis, Listener listener) {
        if (pollMillis <= 0 || pollMillis > 500) {
            throw new IllegalArgumentException("pollMillis must be 1-500, was " + pollMillis);
        }
        this.file = file;
        this.pollMillis = pollMillis;
        this.listener = listener;
        this.current = initial;
        List<Path> watched = new ArrayList<>(initial.inputs());
        if (!watched.contains(file)) {
            watched.add(0, file);
        }
        this.stamps = snapshot(watched);
        this.thread = new Thread(new Runnable() {
            @Override
            public void run() {
                loop();
            }
        }, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Loads {@code file} and starts watching it. If the first load fails, the policy is
     * {@link Policy#failClosed} with the error as reason, and the error goes to the listener; the next
     * good edit replaces it.
     */
    public static PolicyWatcher start(Path file, Listener listener) {
        List<Path> touched = new ArrayList<>();
        Policy initial;
        String error = null;
        try {
            initial = PolicyLoader.load(file, touched);
        } catch (PolicyException e) {
            error = e.getMessage();
            initial = Policy.failClosed(error);
        }
        PolicyWatcher w = new PolicyWatcher(file, initial, DEFAULT_POLL_MILLIS, listener);
        if (error != null) {
            w.addWatched(touched);
            w.report(error);
        }
        return w;
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
                // never let a surprise end the watcher: the last good policy stays in force
                report("egressguard: policy watcher problem: " + t);
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
        try {
            Policy p = PolicyLoader.load(file, touched);
            current = p;
            addWatched(touched);
            try {
                listener.onPolicy(p);
            } catch (RuntimeException ignored) {
                // the listener's problem must not stop reloads
            }
        } catch (PolicyException e) {
            addWatched(touched); // e.g. a list file that does not exist yet: its creation triggers a reload
            report(e.getMessage());
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
        } catch (RuntimeException ignored) {
            // as above
        }
    }

    private static Map<Path, Stamp> snapshot(List<Path> paths) {
        Map<Path, Stamp> m = new LinkedHashMap<>();
        long nowNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        for (Path p : paths) {
            m.put(p, Stamp.of(p, nowNanos));
        }
        return m;
    }

    /** What a file looked like: absent, or mtime + size (+ a content checksum while recently modified). */
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

        static Stamp of(Path p, long nowNanos) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                long crc = -1;
                if (nowNanos - mtime < RECENT_NANOS) {
                    CRC32 c = new CRC32();
                    c.update(Files.readAllBytes(p));
                    crc = c.getValue();
                }
                return new Stamp(true, mtime, a.size(), crc);
            } catch (IOException e) {
                return new Stamp(false, 0, 0, -1);
            }
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
