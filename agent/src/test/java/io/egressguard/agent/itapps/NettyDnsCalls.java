package io.egressguard.agent.itapps;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * Looks a name up with Netty's DnsNameResolver directly (resolve, then resolveAll), its only name
 * server 127.0.0.1:DNS_PORT: NettyDnsCalls HOST DNS_PORT. Prints RESULT resolve=... and RESULT
 * resolveAll=... (blocked-lookup when our refusal failed the future).
 */
public final class NettyDnsCalls {
    public static void main(String[] args) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        DnsNameResolver resolver = new DnsNameResolverBuilder(group.next()).channelType(NioDatagramChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]))))
                .queryTimeoutMillis(1000).maxQueriesPerResolve(1).build();
        try {
            Outcome.attempt("resolve", () -> check(resolver.resolve(args[0]).await()));
            Outcome.attempt("resolveAll", () -> check(resolver.resolveAll(args[0]).await()));
        } finally {
            resolver.close();
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).await();
        }
    }

    private static void check(Future<?> f) throws Exception {
        if (!f.isSuccess()) {
            throw (Exception) f.cause();
        }
    }
}
