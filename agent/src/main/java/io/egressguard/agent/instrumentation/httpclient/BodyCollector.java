package io.egressguard.agent.instrumentation.httpclient;

import io.egressguard.agent.capture.http.HttpCall;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Subscribes to a replayable {@code BodyPublisher} (each subscription gets a fresh copy of the body,
 * so the request's own is untouched) and keeps the size, the SHA-256 of all of it and its first
 * {@code keep} bytes.
 */
final class BodyCollector implements Flow.Subscriber<ByteBuffer> {
    private static final long WAIT_MILLIS = 2000;

    private final MessageDigest digest;
    private final byte[] head;
    private final CountDownLatch done = new CountDownLatch(1);
    private int kept;
    private long size;
    private volatile boolean failed;

    BodyCollector(int keep) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        head = new byte[keep];
    }

    /** Collects the body into {@code call}; leaves it without a body when that did not work. */
    static void collect(Flow.Publisher<ByteBuffer> publisher, int keep, HttpCall call) throws InterruptedException {
        BodyCollector c = new BodyCollector(keep);
        publisher.subscribe(c);
        // The JDK's replayable publishers deliver on the subscribing thread; wait briefly otherwise.
        if (!c.done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS) || c.failed) {
            return;
        }
        synchronized (c) {
            call.body = c.head;
            call.bodyLength = c.kept;
            call.bodySize = c.size;
            byte[] hash = c.digest.digest();
            StringBuilder hex = new StringBuilder(64);
            for (byte b : hash) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            call.bodySha256 = hex.toString();
            call.bodyComplete = true;
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(ByteBuffer item) {
        ByteBuffer b = item.duplicate();
        size += b.remaining();
        int take = Math.min(b.remaining(), head.length - kept);
        if (take > 0) {
            b.duplicate().get(head, kept, take);
            kept += take;
        }
        digest.update(b);
    }

    @Override
    public void onError(Throwable throwable) {
        failed = true;
        done.countDown();
    }

    @Override
    public void onComplete() {
        done.countDown();
    }
}
