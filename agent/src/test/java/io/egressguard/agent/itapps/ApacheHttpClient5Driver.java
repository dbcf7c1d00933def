package io.egressguard.agent.itapps;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
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
 * Apache HttpClient 5, default clients: the classic one (execute with a response handler) and the
 * async one (execute with a FutureCallback, called on its I/O reactor; a failure must also be the
 * cause the returned future's get throws).
 */
public final class ApacheHttpClient5Driver implements HttpDriver {
    @Override
    public Reply send(TelemetryPost post) throws Exception {
        HttpPost request = new HttpPost(post.url);
        ContentType type = null;
        for (Map.Entry<String, String> h : post.headers().entrySet()) {
            if (h.getKey().equals("Content-Type")) {
                type = ContentType.parse(h.getValue());
            } else {
                request.setHeader(h.getKey(), h.getValue());
            }
        }
        request.setEntity(new ByteArrayEntity(post.body(), type));
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            return client.execute(request, response -> new Reply(response.getCode(), EntityUtils.toString(response.getEntity())));
        }
    }

    @Override
    public CompletableFuture<Reply> sendAsync(TelemetryPost post) {
        SimpleRequestBuilder b = SimpleRequestBuilder.post(post.url);
        ContentType type = null;
        for (Map.Entry<String, String> h : post.headers().entrySet()) {
            if (h.getKey().equals("Content-Type")) {
                type = ContentType.parse(h.getValue());
            } else {
                b.addHeader(h.getKey(), h.getValue());
            }
        }
        SimpleHttpRequest request = b.setBody(post.body(), type).build();
        CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
        client.start();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        Future<SimpleHttpResponse> future = client.execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                reply.complete(new Reply(response.getCode(), response.getBodyText()));
            }

            @Override
            public void failed(Exception e) {
                reply.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                reply.cancel(false);
            }
        });
        // The callback and the future execute returned must tell the same failure.
        return reply.exceptionally(callbackFailure -> {
            Throwable futureFailure;
            try {
                future.get(10, TimeUnit.SECONDS);
                futureFailure = null;
            } catch (ExecutionException e) {
                futureFailure = e.getCause();
            } catch (Exception e) {
                futureFailure = e;
            }
            Throwable told = callbackFailure instanceof CompletionException ? callbackFailure.getCause() : callbackFailure;
            if (futureFailure != told) {
                throw new IllegalStateException("the callback was told " + told + " but the future failed with " + futureFailure);
            }
            throw callbackFailure instanceof CompletionException ? (CompletionException) callbackFailure : new CompletionException(told);
        });
    }
}
