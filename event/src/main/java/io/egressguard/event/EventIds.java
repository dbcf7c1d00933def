package io.egressguard.event;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered unique ids: 48 bits of epoch milliseconds, then 80 random bits, as 32 hex digits.
 * Sorting ids sorts events by creation time, and ids from different JVMs never collide in practice.
 * ThreadLocalRandom rather than SecureRandom: ids are made on the blocked caller's thread, where a
 * first SecureRandom costs tens of milliseconds of provider loading.
 */
public final class EventIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {
    }

    public static String next(long epochMillis) {
        byte[] random = new byte[10];
        ThreadLocalRandom.current().nextBytes(random);
        char[] out = new char[32];
        for (int i = 0; i < 12; i++) {
            out[i] = HEX[(int) (epochMillis >>> (44 - 4 * i)) & 0xf];
        }
        for (int i = 0; i < 10; i++) {
            out[12 + 2 * i] = HEX[(random[i] >> 4) & 0xf];
            out[13 + 2 * i] = HEX[random[i] & 0xf];
        }
        return new String(out);
    }
}
