package io.egressguard.collector.journal;

import io.egressguard.collector.store.jdbc.Stacks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack key ({@link Stacks#hash}) of each record's stack, remembered by content. An app has few
 * distinct call paths, so nearly every stack has been seen before: a cheap content hash and one array
 * comparison find its key, and the SHA-256 of its ~1.5 KiB runs once per distinct stack.
 */
final class StackHashes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int REMEMBERED = 4_096;

    private record Key(byte[] bytes, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A probe that views a range of a record without copying it. */
    private static final class Probe {
        byte[] bytes;
        int from;
        int to;
        int hash;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, 0, k.bytes.length, bytes, from, to);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Map<Object, String> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, String> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Probe probe = new Probe();

    /** The key of the stack in {@code bytes[from, to)}. */
    String hash(byte[] bytes, int from, int to) {
        probe.bytes = bytes;
        probe.from = from;
        probe.to = to;
        probe.hash = contentHash(bytes, from, to);
        // Probe.equals(Key) and Key.equals(Probe) must agree for HashMap: lookups compare probe-to-key only.
        String hash = known.get(probe);
        if (hash == null) {
            hash = Stacks.hash(bytes, from, to);
            known.put(new Key(Arrays.copyOfRange(bytes, from, to), probe.hash), hash);
        }
        probe.bytes = null;
        return hash;
    }

    private static int contentHash(byte[] b, int from, int to) {
        long h = to - from;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        for (; i < to; i++) {
            h = (h ^ b[i]) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ (h >>> 32));
    }
}
