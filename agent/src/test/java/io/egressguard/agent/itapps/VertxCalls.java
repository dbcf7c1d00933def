package io.egressguard.agent.itapps;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * POSTs the telemetry body with the Vert.x 5 HttpClient, whose names Netty's own DNS resolver
 * looks up, not the JDK: VertxCalls URL DNS_PORT. The resolver's only name server is
 * 127.0.0.1:DNS_PORT (the test's DNS canary). Prints RESULT post=..., and RESULT status when it
 * got an answer.
 */
public final class VertxCalls {
    public static void main(String[] args) throws Exception {
        AddressResolverOptions dns = new AddressResolverOptions().setServers(java.util.List.of("127.0.0.1:" + args[1]))
                .setQueryTimeout(1000).setMaxQueries(1);
        Vertx vertx = Vertx.vertx(new VertxOptions().setAddressResolverOptions(dns));
        HttpClient client = vertx.createHttpClient();
        Outcome.attempt("post", () -> {
            Future<Integer> status = client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(args[0])
                            .putHeader("Content-Type", "application/json").putHeader("X-Sdk", "itapp/1.0"))
                    .compose(request -> request.send(Buffer.buffer(HttpBodies.json())))
                    .compose(response -> response.body().map(body -> response.statusCode()));
            System.out.println("RESULT status=" + status.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        });
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
