package io.egressguard.agent.itapps;

import io.netty.buffer.Unpooled;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.InetSocketAddress;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * POSTs the telemetry body with Reactor Netty's HttpClient, whose names Netty's own DNS resolver
 * (DnsNameResolver) looks up, not the JDK: ReactorNettyCalls URL DNS_PORT. The resolver's only
 * name server is 127.0.0.1:DNS_PORT (the test's DNS canary). Prints RESULT post=..., and RESULT
 * status when it got an answer.
 */
public final class ReactorNettyCalls {
    public static void main(String[] args) {
        int dnsPort = Integer.parseInt(args[1]);
        DnsNameResolverBuilder dns = new DnsNameResolverBuilder()
                .datagramChannelType(NioDatagramChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(new InetSocketAddress("127.0.0.1", dnsPort)))
                .queryTimeoutMillis(1000).maxQueriesPerResolve(1);
        HttpClient client = HttpClient.create().resolver(new DnsAddressResolverGroup(dns))
                .headers(h -> h.set("Content-Type", "application/json").set("X-Sdk", "itapp/1.0"));
        Outcome.attempt("post", () -> {
            Integer status = client.post().uri(args[0])
                    .send(Mono.just(Unpooled.wrappedBuffer(HttpBodies.json())))
                    .responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(s -> response.status().code()))
                    .block(Duration.ofSeconds(10));
            System.out.println("RESULT status=" + status);
        });
    }
}
