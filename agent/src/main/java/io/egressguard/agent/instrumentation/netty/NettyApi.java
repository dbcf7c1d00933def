package io.egressguard.agent.instrumentation.netty;

import java.lang.reflect.Method;

/**
 * Netty's public interfaces as the hooks need them, from the loader of the Netty class at hand
 * (each application loader may bring its own Netty). Looked up once per loader.
 */
final class NettyApi {
    private static final ClassValue<NettyApi> BY_CLASS = new ClassValue<NettyApi>() {
        @Override
        protected NettyApi computeValue(Class<?> nettyClass) {
            try {
                return new NettyApi(nettyClass.getClassLoader());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unknown Netty API next to " + nettyClass.getName() + ": " + e, e);
            }
        }
    };

    final Method channelOfPromise;
    final Method tryFailureChannel;
    final Method tryFailure;
    final Method close;
    final Method parent;
    final Method channelOfContext;
    final Class<?> byteBuf;
    final Method readableBytes;
    final Method readerIndex;
    final Method getBytes;
    final Class<?> byteBufHolder;
    final Method content;

    private NettyApi(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> channelPromise = Class.forName("io.netty.channel.ChannelPromise", false, loader);
        channelOfPromise = channelPromise.getMethod("channel");
        tryFailureChannel = channelPromise.getMethod("tryFailure", Throwable.class);
        tryFailure = Class.forName("io.netty.util.concurrent.Promise", false, loader).getMethod("tryFailure", Throwable.class);
        Class<?> channel = Class.forName("io.netty.channel.Channel", false, loader);
        close = channel.getMethod("close");
        parent = channel.getMethod("parent");
        channelOfContext = Class.forName("io.netty.channel.ChannelHandlerContext", false, loader).getMethod("channel");
        byteBuf = Class.forName("io.netty.buffer.ByteBuf", false, loader);
        readableBytes = byteBuf.getMethod("readableBytes");
        readerIndex = byteBuf.getMethod("readerIndex");
        getBytes = byteBuf.getMethod("getBytes", int.class, byte[].class, int.class, int.class);
        byteBufHolder = Class.forName("io.netty.buffer.ByteBufHolder", false, loader);
        content = byteBufHolder.getMethod("content");
    }

    static NettyApi of(Object nettyObject) {
        return BY_CLASS.get(nettyObject.getClass());
    }

    /**
     * Copies the readable bytes of a ByteBuf (or a ByteBufHolder's content) into {@code into}
     * without moving its indexes: what the channel sends is left exactly as it was.
     */
    void copyReadable(Object message, FirstBytes into) throws ReflectiveOperationException {
        Object buf = byteBufHolder.isInstance(message) ? content.invoke(message) : message;
        if (!byteBuf.isInstance(buf)) {
            return; // a FileRegion or a message no encoder turned into bytes: nothing readable here
        }
        int n = (Integer) readableBytes.invoke(buf);
        int at = (Integer) readerIndex.invoke(buf);
        byte[] chunk = new byte[Math.min(n, 8192)];
        for (int done = 0; done < n; ) {
            int step = Math.min(chunk.length, n - done);
            getBytes.invoke(buf, at + done, chunk, 0, step);
            into.add(chunk, step);
            done += step;
        }
    }
}
