package io.egressguard.policy;

import java.util.List;

/** The rules that share one key (a host, a glob suffix, a CIDR), best first. */
final class Bucket {
    private final RuleEntry[] entries;

    Bucket(List<RuleEntry> list) {
        RuleEntry[] a = list.toArray(new RuleEntry[0]);
        // insertion sort: buckets are tiny, and this keeps the build free of lambdas
        for (int i = 1; i < a.length; i++) {
            RuleEntry x = a[i];
            int j = i - 1;
            while (j >= 0 && a[j].compareTo(x) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
        this.entries = a;
    }

    /** The best rule here that applies to {@code port}, or null. */
    RuleEntry match(int port) {
        RuleEntry[] a = entries;
        for (int i = 0; i < a.length; i++) {
            if (a[i].matchesPort(port)) {
                return a[i];
            }
        }
        return null;
    }
}
