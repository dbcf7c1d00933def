package io.egressguard.agent.capture;

/**
 * Well-formed UTF-8 as the JDK's strict decoder accepts it (Unicode's table 3-7): no overlong forms,
 * no surrogates, nothing above U+10FFFF.
 */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The length of the multi-byte character starting at {@code b[i]} (a byte of 0x80 or more), or 0
     * when it is malformed or cut by {@code end}.
     */
    static int sequenceLength(byte[] b, int i, int end) {
        int lead = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            n = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 3;
            if (lead == 0xe0) {
                lo = 0xa0; // shorter forms are overlong
            } else if (lead == 0xed) {
                hi = 0x9f; // 0xa0 and up encode surrogates
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 4;
            if (lead == 0xf0) {
                lo = 0x90;
            } else if (lead == 0xf4) {
                hi = 0x8f; // beyond U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        return n;
    }
}
