package io.egressguard.agent.itapps;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two threads POST large text bodies to a refused URL as fast as they can, ATTEMPTS each: far faster
 * than any journal writes such events. Prints how many calls were blocked and how many failed in any
 * other way (an OutOfMemoryError included): RESULT blocked=N, RESULT other=N, RESULT first=outcome.
 *
 * <p>LargeBodiesInALoop URL BODY_BYTES ATTEMPTS
 */
public final class LargeBodiesInALoop {
    public static void main(String[] args) throws Exception {
        URL url = new URL(args[0]);
        byte[] body = new byte[Integer.parseInt(args[1])];
        Arrays.fill(body, (byte) 'x');
        int attempts = Integer.parseInt(args[2]);
        AtomicInteger blocked = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        String[] first = new String[1];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < attempts; i++) {
                    String outcome;
                    try {
                        post(url, body);
                        outcome = "sent";
                    } catch (Throwable e) { // an OutOfMemoryError too: it is what this app looks for
                        outcome = Outcome.of(e);
                    }
                    if (outcome.equals("blocked")) {
                        blocked.incrementAndGet();
                    } else {
                        synchronized (first) {
                            if (first[0] == null) {
                                first[0] = outcome;
                            }
                        }
                        other.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Outcome.print("blocked", String.valueOf(blocked.get()));
        Outcome.print("other", String.valueOf(other.get()));
        Outcome.print("first", String.valueOf(first[0]));
    }

    private static void post(URL url, byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "text/plain");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        c.getResponseCode();
    }
}
