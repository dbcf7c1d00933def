package io.egressguard.agent.instrumentation.netty;

import io.egressguard.agent.capture.PayloadPreview;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bytes a monitored connection writes before its first flush: the first {@code keep} of them
 * kept, all of them counted and digested. Fed with copies, so what the connection sends is never
 * touched.
 */
final class FirstBytes {
    private final byte[] kept;
    private int keptLength;
    private long size;
    private final MessageDigest sha256;

    FirstBytes(int keep) {
        kept = new byte[keep];
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void add(byte[] chunk, int length) {
        int room = Math.min(length, kept.length - keptLength);
        if (room > 0) {
            System.arraycopy(chunk, 0, kept, keptLength, room);
            keptLength += room;
        }
        sha256.update(chunk, 0, length);
        size += length;
    }

    byte[] kept() {
        return kept;
    }

    int keptLength() {
        return keptLength;
    }

    long size() {
        return size;
    }

    String sha256Hex() {
        return PayloadPreview.hex(sha256.digest());
    }
}
