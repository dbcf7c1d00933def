package io.egressguard.agent.itapps;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OkHttp: execute, and enqueue (a Callback, called on OkHttp's dispatcher thread). Only API that
 * OkHttp 3.14, 4.12 and 5.x all have.
 */
public final class OkHttpDriver implements HttpDriver {
    @Override
    public Reply send(TelemetryPost post) throws Exception {
        try (Response response = client().newCall(request(post)).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }

    @Override
    public CompletableFuture<Reply> sendAsync(TelemetryPost post) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        client().newCall(request(post)).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                reply.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (Response r = response) {
                    reply.complete(new Reply(r.code(), r.body().string()));
                } catch (IOException e) {
                    reply.completeExceptionally(e);
                }
            }
        });
        return reply;
    }

    private static OkHttpClient client() {
        return new OkHttpClient.Builder().connectTimeout(3, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS).build();
    }

    /** Content-Type goes with the body, as OkHttp wants it; the other headers as they are. */
    private static Request request(TelemetryPost post) {
        Request.Builder b = new Request.Builder().url(post.url);
        String type = null;
        for (Map.Entry<String, String> h : post.headers().entrySet()) {
            if (h.getKey().equals("Content-Type")) {
                type = h.getValue();
            } else {
                b.header(h.getKey(), h.getValue());
            }
        }
        return b.post(RequestBody.create(MediaType.parse(type), post.body())).build();
    }
}
