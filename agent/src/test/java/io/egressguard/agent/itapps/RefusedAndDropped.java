package io.egressguard.agent.itapps;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Is refused once with HttpURLConnection, lets go of the connection and the exception, and after
 * full collections for up to 10 s prints whether the agent's exception is still reachable: RESULT kept=true|false.
 * The agent remembers refused connections (to refuse a later call on one the same way) in a weak
 * map; what it keeps there must not hold the exception and its backtrace past the connection.
 */
public final class RefusedAndDropped {
    public static void main(String[] args) throws Exception {
        WeakReference<Throwable> ours = refuse(new URL(args[0]));
        // The record's stack is read from the exception on the journal writer: until then the
        // agent holds it, as it would any backtrace. A collection a while after that must free it;
        // nothing here touches the agent's weak map of refusals, which frees a value only when it
        // is next used, so what that map holds would stay.
        long until = System.nanoTime() + 10_000_000_000L;
        do {
            System.gc();
        } while (ours.get() != null && System.nanoTime() < until && sleep());
        Outcome.print("kept", String.valueOf(ours.get() != null));
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    private static WeakReference<Throwable> refuse(URL url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(HttpBodies.body(""));
        }
        try {
            c.getResponseCode();
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getClass().getName().equals("io.egressguard.agent.bootstrap.EgressBlockedException")) {
                    Outcome.print("post", "blocked");
                    return new WeakReference<>(t); // the chain's first of ours: the one the agent made
                }
            }
            throw e;
        }
        throw new IllegalStateException("not refused: " + url);
    }
}
