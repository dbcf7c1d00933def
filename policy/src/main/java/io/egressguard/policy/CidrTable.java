package io.egressguard.policy;

import java.util.Map;

/**
 * Longest-prefix match over IPv4 and IPv6 networks: one hash map per prefix length in use, probed from
 * the longest length down. Cost is bounded by the number of distinct lengths (at most 33 / 129), not
 * by the number of rules, and a probe allocates nothing.
 */
final class CidrTable {
    static final CidrTable EMPTY = new CidrTable(java.util.Collections.<Cidr, Bucket>emptyMap());

    private final int[] v4Lengths; // descending
    private final IntTable[] v4ByLength = new IntTable[33];
    private final int[] v6Lengths; // descending
    private final PairTable[] v6ByLength = new PairTable[129];

    CidrTable(Map<Cidr, Bucket> map) {
        int[] n4 = new int[33];
        int[] n6 = new int[129];
        for (Cidr c : map.keySet()) {
            if (c.v4) {
                n4[c.prefix]++;
            } else {
                n6[c.prefix]++;
            }
        }
        v4Lengths = lengths(n4);
        v6Lengths = lengths(n6);
        for (int len : v4Lengths) {
            v4ByLength[len] = new IntTable(n4[len]);
        }
        for (int len : v6Lengths) {
            v6ByLength[len] = new PairTable(n6[len]);
        }
        for (Map.Entry<Cidr, Bucket> e : map.entrySet()) {
            Cidr c = e.getKey();
            if (c.v4) {
                v4ByLength[c.prefix].put((int) c.lo, e.getValue());
            } else {
                v6ByLength[c.prefix].put(c.hi, c.lo, e.getValue());
            }
        }
    }

    private static int[] lengths(int[] counts) {
        int n = 0;
        for (int c : counts) {
            if (c > 0) {
                n++;
            }
        }
        int[] out = new int[n];
        int j = 0;
        for (int len = counts.length - 1; len >= 0; len--) {
            if (counts[len] > 0) {
                out[j++] = len;
            }
        }
        return out;
    }

    boolean isEmpty() {
        return v4Lengths.length == 0 && v6Lengths.length == 0;
    }

    /** Longest prefix holding a rule that applies to {@code port}; null when none. */
    RuleEntry match4(int addr, int port) {
        return match4(addr, port, null);
    }

    /** As above; {@code caller} for the from-rules among them (null: none applies). */
    RuleEntry match4(int addr, int port, Caller caller) {
        int[] lens = v4Lengths;
        for (int i = 0; i < lens.length; i++) {
            int len = lens[i];
            Bucket b = v4ByLength[len].get(addr & Cidr.mask4(len));
            if (b != null) {
                RuleEntry e = b.match(port, caller);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    RuleEntry match6(long hi, long lo, int port) {
        return match6(hi, lo, port, null);
    }

    /** As above; {@code caller} for the from-rules among them (null: none applies). */
    RuleEntry match6(long hi, long lo, int port, Caller caller) {
        int[] lens = v6Lengths;
        for (int i = 0; i < lens.length; i++) {
            int len = lens[i];
            Bucket b = v6ByLength[len].get(hi & Cidr.maskHi(len), lo & Cidr.maskLo(len));
            if (b != null) {
                RuleEntry e = b.match(port, caller);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Only a single-address rule (/32 or /128): the "exact" IP rules that may unblock a metadata endpoint. */
    RuleEntry exact4(int addr, int port) {
        return exact4(addr, port, null);
    }

    /** As above; {@code caller} for the from-rules among them (null: none applies). */
    RuleEntry exact4(int addr, int port, Caller caller) {
        IntTable t = v4ByLength[32];
        Bucket b = t == null ? null : t.get(addr);
        return b == null ? null : b.match(port, caller);
    }

    RuleEntry exact6(long hi, long lo, int port) {
        return exact6(hi, lo, port, null);
    }

    /** As above; {@code caller} for the from-rules among them (null: none applies). */
    RuleEntry exact6(long hi, long lo, int port, Caller caller) {
        PairTable t = v6ByLength[128];
        Bucket b = t == null ? null : t.get(hi, lo);
        return b == null ? null : b.match(port, caller);
    }

    private static int capacity(int n) {
        int cap = 2;
        while (cap < n * 2) {
            cap <<= 1;
        }
        return cap;
    }

    private static int mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }

    /** int key → bucket, linear probing. */
    static final class IntTable {
        private final int[] keys;
        private final Bucket[] values;
        private final int mask;

        IntTable(int n) {
            int cap = capacity(n);
            keys = new int[cap];
            values = new Bucket[cap];
            mask = cap - 1;
        }

        void put(int key, Bucket value) {
            int i = mix(key) & mask;
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
        }

        Bucket get(int key) {
            int i = mix(key) & mask;
            Bucket v;
            while ((v = values[i]) != null) {
                if (keys[i] == key) {
                    return v;
                }
                i = (i + 1) & mask;
            }
            return null;
        }
    }

    /** (long, long) key → bucket, linear probing. */
    static final class PairTable {
        private final long[] his;
        private final long[] los;
        private final Bucket[] values;
        private final int mask;

        PairTable(int n) {
            int cap = capacity(n);
            his = new long[cap];
            los = new long[cap];
            values = new Bucket[cap];
            mask = cap - 1;
        }

        void put(long hi, long lo, Bucket value) {
            int i = mix(hi * 31 + lo) & mask;
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            his[i] = hi;
            los[i] = lo;
            values[i] = value;
        }

        Bucket get(long hi, long lo) {
            int i = mix(hi * 31 + lo) & mask;
            Bucket v;
            while ((v = values[i]) != null) {
                if (his[i] == hi && los[i] == lo) {
                    return v;
                }
                i = (i + 1) & mask;
            }
            return null;
        }
    }
}
