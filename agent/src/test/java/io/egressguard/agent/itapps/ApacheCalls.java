package io.egressguard.agent.itapps;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * POSTs the telemetry body with Apache HttpClient 5 (classic, default client): ApacheCalls URL.
 * The agent has no hook in it: the JDK socket backstop decides. Prints RESULT post=..., RESULT
 * thrown=<class> when execute threw, RESULT status when it got an answer.
 */
public final class ApacheCalls {
    public static void main(String[] args) throws Exception {
        HttpPost post = new HttpPost(args[0]);
        post.setHeader("X-Sdk", "itapp/1.0");
        post.setEntity(new ByteArrayEntity(HttpBodies.json(), ContentType.APPLICATION_JSON));
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            Outcome.attempt("post", () -> {
                try {
                    int status = client.execute(post, response -> {
                        EntityUtils.consume(response.getEntity());
                        return response.getCode();
                    });
                    System.out.println("RESULT status=" + status);
                } catch (IOException e) {
                    System.out.println("RESULT thrown=" + e.getClass().getName());
                    throw e;
                }
            });
        }
    }
}
