package io.egressguard.agent.itapps;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * POSTs the telemetry body with the Jetty 12 client: JettyCalls URL [sync]. The agent has no hook
 * in it: the JDK socket backstop decides. Jetty's default resolver looks up and connects on its own
 * executor, so no app frame is on that stack; "sync" resolves (and so connects) on the caller's
 * thread. Prints RESULT post=..., RESULT thrown=<class> (the cause send()
 * failed with) and, when it got an answer, RESULT status.
 */
public final class JettyCalls {
    public static void main(String[] args) throws Exception {
        HttpClient client = new HttpClient();
        client.setConnectTimeout(3000);
        if (args.length > 1 && args[1].equals("sync")) {
            client.setSocketAddressResolver(new SocketAddressResolver.Sync());
        }
        client.start();
        Outcome.attempt("post", () -> {
            try {
                ContentResponse response = client.POST(args[0]).headers(h -> h.put("X-Sdk", "itapp/1.0"))
                        .body(new BytesRequestContent("application/json", HttpBodies.json()))
                        .timeout(5, TimeUnit.SECONDS).send();
                System.out.println("RESULT status=" + response.getStatus());
            } catch (ExecutionException e) {
                System.out.println("RESULT thrown=" + e.getCause().getClass().getName());
                throw e;
            }
        });
        client.stop();
    }
}
