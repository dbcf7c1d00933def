package io.egressguard.agent.itapps;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends the {@link TelemetryPost} once with one client library: HttpCalls DRIVER OPERATION URL
 * [OPTION...]. DRIVER is the class name of an {@link HttpDriver}; OPERATION is sync (its blocking
 * call) or async (its asynchronous call, awaited here). Prints RESULT OPERATION=ok|blocked|error:...
 * and, for a failure, RESULT thrown=&lt;class&gt; (what the blocking call threw, or what the library
 * reported to the app asynchronously), RESULT ioexception=true|false and MESSAGE OPERATION=...; for
 * an answer, RESULT status=... and RESULT body=... (on one line: a line break as \n).
 */
public final class HttpCalls {
    public static void main(String[] args) throws Exception {
        HttpDriver driver = (HttpDriver) Class.forName(args[0]).getConstructor().newInstance();
        String operation = args[1];
        TelemetryPost post = TelemetryPost.of(args[2], Arrays.copyOfRange(args, 3, args.length));
        Outcome.attempt(operation, () -> {
            HttpDriver.Reply reply;
            try {
                if (operation.equals("sync")) {
                    reply = driver.send(post);
                } else if (operation.equals("async")) {
                    reply = reported(driver.sendAsync(post));
                } else {
                    throw new IllegalArgumentException("operation sync or async, not " + operation);
                }
            } catch (Exception e) {
                Outcome.print("thrown", e.getClass().getName());
                Outcome.print("ioexception", String.valueOf(e instanceof IOException));
                throw e;
            }
            Outcome.print("status", String.valueOf(reply.status));
            Outcome.print("body", String.valueOf(reply.body).replace("\n", "\\n"));
        });
        // Client libraries' dispatcher, pool and reactor threads would keep the JVM up for a while.
        System.exit(0);
    }

    /** The response, or the failure the library reported: the future's own, not get()'s ExecutionException. */
    private static HttpDriver.Reply reported(CompletableFuture<HttpDriver.Reply> reply) throws Exception {
        try {
            return reply.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }
}
