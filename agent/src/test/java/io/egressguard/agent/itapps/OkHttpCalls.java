package io.egressguard.agent.itapps;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs the telemetry body with OkHttp: OkHttpCalls MODE URL. MODE: execute, enqueue, or sdk (the
 * vendor SDK class com.acme.telemetry.Telemetry, on the class path only in the culprit test, sends
 * it with enqueue). Uses only API that OkHttp 3.14, 4.12 and 5.x all have. Prints RESULT MODE=...,
 * RESULT thrown=<class> (what execute threw or onFailure got) and, when allowed, RESULT status.
 */
public final class OkHttpCalls {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        if (mode.equals("sdk")) {
            Outcome.attempt(mode, () -> {
                Object outcome = Class.forName("com.acme.telemetry.Telemetry").getMethod("track", String.class).invoke(null, url);
                if (outcome instanceof Throwable) {
                    System.out.println("RESULT thrown=" + outcome.getClass().getName());
                    throw (Exception) outcome;
                }
                System.out.println("RESULT status=" + outcome);
            });
            System.exit(0);
        }
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(3, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS).build();
        Request request = new Request.Builder().url(url)
                .header("Authorization", HttpBodies.AUTHORIZATION)
                .header("X-Api-Key", HttpBodies.API_KEY)
                .header("X-Sdk", "itapp/1.0")
                .post(RequestBody.create(MediaType.parse("application/json"), HttpBodies.json()))
                .build();
        Outcome.attempt(mode, () -> {
            if (mode.equals("execute")) {
                try (Response response = client.newCall(request).execute()) {
                    System.out.println("RESULT status=" + response.code());
                } catch (IOException e) {
                    System.out.println("RESULT thrown=" + e.getClass().getName());
                    throw e;
                }
                return;
            }
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Object> outcome = new AtomicReference<>();
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    outcome.set(e);
                    done.countDown();
                }

                @Override
                public void onResponse(Call call, Response response) {
                    outcome.set(response.code());
                    response.close();
                    done.countDown();
                }
            });
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no callback within 10 s");
            }
            if (outcome.get() instanceof IOException) {
                System.out.println("RESULT thrown=" + outcome.get().getClass().getName());
                throw (IOException) outcome.get();
            }
            System.out.println("RESULT status=" + outcome.get());
        });
        // OkHttp's dispatcher and connection pool threads would keep the JVM up for a minute.
        System.exit(0);
    }
}
