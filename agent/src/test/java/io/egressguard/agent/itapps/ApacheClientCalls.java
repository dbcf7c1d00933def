package io.egressguard.agent.itapps;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * POSTs the telemetry body with Apache HttpClient 5: ApacheClientCalls MODE URL, MODE classic (the
 * default classic client's execute) or async (the default async client's execute with a callback).
 * Uses only API that 5.1 and 5.6 both have. Prints RESULT MODE=..., RESULT thrown=<class> (what
 * execute threw, or what the callback's failed got), for async RESULT future=<class> (the cause
 * the future's get threw), and RESULT status when allowed.
 */
public final class ApacheClientCalls {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        Outcome.attempt(mode, () -> {
            if (mode.equals("classic")) {
                classic(url);
            } else {
                async(url);
            }
        });
    }

    private static void classic(String url) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setHeader("Authorization", HttpBodies.AUTHORIZATION);
        post.setHeader("X-Api-Key", HttpBodies.API_KEY);
        post.setHeader("X-Sdk", "itapp/1.0");
        post.setEntity(new ByteArrayEntity(HttpBodies.json(), ContentType.create("application/json")));
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            int status = client.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            System.out.println("RESULT status=" + status);
        } catch (IOException e) {
            System.out.println("RESULT thrown=" + e.getClass().getName());
            throw e;
        }
    }

    private static void async(String url) throws Exception {
        SimpleHttpRequest request = SimpleHttpRequest.create("POST", url);
        request.setHeader("Authorization", HttpBodies.AUTHORIZATION);
        request.setHeader("X-Api-Key", HttpBodies.API_KEY);
        request.setHeader("X-Sdk", "itapp/1.0");
        request.setBody(HttpBodies.json(), ContentType.create("application/json"));
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
            client.start();
            Future<SimpleHttpResponse> f = client.execute(request, new FutureCallback<SimpleHttpResponse>() {
                @Override
                public void completed(SimpleHttpResponse result) {
                }

                @Override
                public void failed(Exception e) {
                    failed.set(e);
                }

                @Override
                public void cancelled() {
                }
            });
            try {
                System.out.println("RESULT status=" + f.get(10, TimeUnit.SECONDS).getCode());
            } catch (ExecutionException e) {
                System.out.println("RESULT future=" + e.getCause().getClass().getName());
                System.out.println("RESULT thrown=" + (failed.get() == null ? "none" : failed.get().getClass().getName()));
                throw e;
            }
        }
    }
}
