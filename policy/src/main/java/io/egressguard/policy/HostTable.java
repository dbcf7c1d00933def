package io.egressguard.policy;

import java.util.Map;

/**
 * Open-addressing hash map from a lower-case host (or domain suffix) to a {@link Bucket}. Lookups take
 * a region of the caller's string and compare ASCII-case-insensitively, so matching needs neither
 * {@code substring} nor {@code toLowerCase}: no allocation on the decide path.
 */
final class HostTable {
    static final HostTable EMPTY = new HostTable(java.util.Collections.<String, Bucket>emptyMap());

    private final String[] keys;
    private final int[] hashes;
    private final Bucket[] values;
    private final int mask;
    private final int size;

    HostTable(Map<String, Bucket> map) {
        int cap = 2;
        while (cap < map.size() * 2) {
            cap <<= 1;
        }
        keys = new String[cap];
        hashes = new int[cap];
        values = new Bucket[cap];
        mask = cap - 1;
        size = map.size();
        for (Map.Entry<String, Bucket> e : map.entrySet()) {
            String k = e.getKey();
            int h = hash(k, 0, k.length());
            int i = h & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            hashes[i] = h;
            values[i] = e.getValue();
        }
    }

    int size() {
        return size;
    }

    /** The bucket for {@code s[from, to)} compared case-insensitively, or null. */
    Bucket get(String s, int from, int to) {
        if (size == 0) {
            return null;
        }
        int h = hash(s, from, to);
        int len = to - from;
        int i = h & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && k.length() == len && equalsLower(k, s, from)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + HostNames.lower(s.charAt(i));
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsLower(String key, String s, int from) {
        for (int i = 0, n = key.length(); i < n; i++) {
            if (key.charAt(i) != HostNames.lower(s.charAt(from + i))) {
                return false;
            }
        }
        return true;
    }
}
