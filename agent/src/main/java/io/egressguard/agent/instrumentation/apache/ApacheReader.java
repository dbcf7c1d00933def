package io.egressguard.agent.instrumentation.apache;

import io.egressguard.agent.capture.http.HttpCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Apache HttpClient 5's requests reflectively, through the public interfaces of the
 * httpcore5 the request's own class loader sees: the agent never loads HttpClient, and each app
 * loader's copy gets its own cached methods. An async request lives in its producer: it is read by
 * asking the producer to send it to a channel of our own, and a repeatable entity by asking it to
 * produce into one.
 */
final class ApacheReader {
    /** Larger bodies (uploads) are not copied: size only. */
    private static final int MAX_COLLECT = 16 << 20;
    /** produce() calls at most, for an entity that never ends its stream. */
    private static final int MAX_PRODUCE = 4096;

    private final int keep;
    private final ClassValue<Api> apis = new ClassValue<Api>() {
        @Override
        protected Api computeValue(Class<?> type) {
            try {
                return new Api(type.getClassLoader());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unknown Apache HttpClient API next to " + type.getName() + ": " + e, e);
            }
        }
    };

    /** @param keep bytes of the body to keep for the previews */
    ApacheReader(int keep) {
        this.keep = keep;
    }

    /** Where the call goes: the target host given to execute, else the request's own scheme and authority. */
    HttpCall target(ApacheCall call) throws Throwable {
        Api api = apis.get(call.request.getClass());
        Object request = request(api, call);
        String scheme;
        String host;
        int port;
        if (call.target != null) {
            scheme = (String) api.hostScheme.invoke(call.target);
            host = (String) api.hostName.invoke(call.target);
            port = (Integer) api.hostPort.invoke(call.target);
        } else {
            Object authority = api.authority.invoke(request);
            if (authority == null) {
                return new HttpCall(null, -1, null); // relative and no target: the client fails it
            }
            scheme = (String) api.scheme.invoke(request);
            host = (String) api.authorityHost.invoke(authority);
            port = (Integer) api.authorityPort.invoke(authority);
        }
        if (port < 0) {
            port = "https".equalsIgnoreCase(scheme) ? 443 : 80;
        }
        host = HttpCall.stripBrackets(host);
        String path = (String) api.path.invoke(request);
        return new HttpCall(host, port, new Location(scheme, host, port, path));
    }

    String method(ApacheCall call) throws Throwable {
        Api api = apis.get(call.request.getClass());
        return (String) api.method.invoke(request(api, call));
    }

    /** Method, headers and, when the entity can be produced again, the body. */
    void readRequest(ApacheCall call, HttpCall into) throws Throwable {
        Api api = apis.get(call.request.getClass());
        Object request = request(api, call);
        into.method = (String) api.method.invoke(request);
        for (Object header : (Object[]) api.headers.invoke(request)) {
            String name = (String) api.headerName.invoke(header);
            List<String> values = into.headers.get(name);
            if (values == null) {
                values = new ArrayList<>(1);
                into.headers.put(name, values);
            }
            values.add((String) api.headerValue.invoke(header));
        }
        Object entity = call.async ? call.producedEntity : api.entity.invoke(request);
        if (entity == null) {
            into.bodySize = 0;
            return;
        }
        addHeader(into, "Content-Type", (String) api.contentType.invoke(entity));
        addHeader(into, "Content-Encoding", (String) api.contentEncoding.invoke(entity));
        long length = (Long) api.contentLength.invoke(entity);
        into.bodySize = length;
        byte[] all = call.async ? produced(api, entity, length) : written(api, entity, length);
        if (all != null) {
            into.body = all;
            into.bodyLength = all.length;
            into.bodySize = all.length;
            into.bodyComplete = true; // the payload capture digests it
        }
    }

    /** A failed future, the callback told: what the async client returns for any failure to connect. */
    Object failedFuture(Object producer, Object callback, IOException refusal) throws ReflectiveOperationException {
        Api api = apis.get(producer.getClass());
        Object future = api.basicFuture.newInstance(callback);
        api.failed.invoke(future, refusal);
        return future;
    }

    private static void addHeader(HttpCall into, String name, String value) {
        if (value != null && into.header(name) == null) {
            List<String> v = new ArrayList<>(1);
            v.add(value);
            into.headers.put(name, v);
        }
    }

    /** The classic request, or the async producer's, which it hands to a channel of ours. */
    private static Object request(Api api, ApacheCall call) throws Throwable {
        if (!call.async) {
            return call.request;
        }
        if (call.producedRequest == null) {
            final Object[] sent = new Object[2];
            Object channel = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.requestChannel}, new InvocationHandler() {
                @Override
                public Object invoke(Object proxy, Method m, Object[] args) {
                    if (m.getName().equals("sendRequest") && args != null && args.length >= 2) {
                        sent[0] = args[0];
                        sent[1] = args[1];
                    }
                    return objectMethod(proxy, m, args);
                }
            });
            api.sendRequest.invoke(call.request, channel, null);
            if (sent[0] == null) {
                throw new IllegalStateException("the request producer " + call.request.getClass().getName() + " sent no request");
            }
            call.producedRequest = sent[0];
            call.producedEntity = sent[1];
        }
        return call.producedRequest;
    }

    /** A classic entity's bytes, when it can be written again (repeatable) and is not too large. */
    private byte[] written(Api api, Object entity, long length) throws Throwable {
        if (length > MAX_COLLECT || !(Boolean) api.repeatable.invoke(entity)) {
            return null;
        }
        Capped out = new Capped();
        try {
            api.writeTo.invoke(entity, out);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Capped.Full) {
                return null;
            }
            throw e.getCause();
        }
        return out.toByteArray();
    }

    /**
     * An async entity's bytes, when it is a repeatable producer: produced into a channel of ours,
     * then released, which readies a repeatable producer to produce again for the real exchange.
     */
    private byte[] produced(Api api, Object entity, long length) throws Throwable {
        if (length > MAX_COLLECT || !api.entityProducer.isInstance(entity) || !(Boolean) api.producerRepeatable.invoke(entity)) {
            return null;
        }
        final Capped out = new Capped();
        final boolean[] ended = new boolean[1];
        Object channel = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.dataStreamChannel}, new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method m, Object[] args) {
                switch (m.getName()) {
                    case "write":
                        ByteBuffer src = (ByteBuffer) args[0];
                        int n = src.remaining();
                        byte[] chunk = new byte[n];
                        src.get(chunk);
                        out.write(chunk, 0, n);
                        return n;
                    case "endStream":
                        ended[0] = true;
                        return null;
                    default:
                        return objectMethod(proxy, m, args);
                }
            }
        });
        try {
            for (int i = 0; i < MAX_PRODUCE && !ended[0]; i++) {
                api.produce.invoke(entity, channel);
            }
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (!(e.getCause() instanceof Capped.Full)) {
                throw e.getCause();
            }
            ended[0] = false;
        } finally {
            api.releaseResources.invoke(entity);
        }
        return ended[0] ? out.toByteArray() : null;
    }

    /** What a proxy answers for Object's methods and anything it does not use. */
    private static Object objectMethod(Object proxy, Method m, Object[] args) {
        switch (m.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "egressguard reader";
            default:
                Class<?> r = m.getReturnType();
                if (r == boolean.class) {
                    return Boolean.FALSE;
                }
                if (r == int.class) {
                    return Integer.valueOf(0);
                }
                if (r == long.class) {
                    return Long.valueOf(0);
                }
                return null;
        }
    }

    /** Bytes up to {@link #MAX_COLLECT}; beyond, {@link Full}. */
    private static final class Capped extends ByteArrayOutputStream {
        /** Unchecked: ByteArrayOutputStream's write declares nothing. */
        static final class Full extends RuntimeException {
            Full() {
                super("body larger than " + MAX_COLLECT + " bytes", null, false, false);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + len > MAX_COLLECT) {
                throw new Full();
            }
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    /** The request URL, printed only when a record needs it. */
    private static final class Location {
        final String scheme;
        final String host;
        final int port;
        final String path;

        Location(String scheme, String host, int port, String path) {
            this.scheme = scheme;
            this.host = host;
            this.port = port;
            this.path = path;
        }

        @Override
        public String toString() {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return (scheme == null ? "http" : scheme) + "://" + h + ":" + port + (path == null ? "" : path);
        }
    }

    /** The public interfaces' methods, from the loader that defined the request's classes. */
    private static final class Api {
        final ClassLoader loader;
        final Method method;
        final Method path;
        final Method scheme;
        final Method authority;
        final Method authorityHost;
        final Method authorityPort;
        final Method headers;
        final Method headerName;
        final Method headerValue;
        final Method entity;
        final Method repeatable;
        final Method contentLength;
        final Method contentType;
        final Method contentEncoding;
        final Method writeTo;
        final Method hostScheme;
        final Method hostName;
        final Method hostPort;
        final Class<?> requestChannel;
        final Method sendRequest;
        final Class<?> entityProducer;
        final Method producerRepeatable;
        final Class<?> dataStreamChannel;
        final Method produce;
        final Method releaseResources;
        final java.lang.reflect.Constructor<?> basicFuture;
        final Method failed;

        Api(ClassLoader loader) throws ReflectiveOperationException {
            this.loader = loader;
            Class<?> request = type("org.apache.hc.core5.http.HttpRequest");
            method = request.getMethod("getMethod");
            path = request.getMethod("getPath");
            scheme = request.getMethod("getScheme");
            authority = request.getMethod("getAuthority");
            Class<?> auth = type("org.apache.hc.core5.net.URIAuthority");
            authorityHost = auth.getMethod("getHostName");
            authorityPort = auth.getMethod("getPort");
            headers = type("org.apache.hc.core5.http.MessageHeaders").getMethod("getHeaders");
            Class<?> pair = type("org.apache.hc.core5.http.NameValuePair");
            headerName = pair.getMethod("getName");
            headerValue = pair.getMethod("getValue");
            entity = type("org.apache.hc.core5.http.HttpEntityContainer").getMethod("getEntity");
            Class<?> httpEntity = type("org.apache.hc.core5.http.HttpEntity");
            repeatable = httpEntity.getMethod("isRepeatable");
            writeTo = httpEntity.getMethod("writeTo", OutputStream.class);
            Class<?> details = type("org.apache.hc.core5.http.EntityDetails");
            contentLength = details.getMethod("getContentLength");
            contentType = details.getMethod("getContentType");
            contentEncoding = details.getMethod("getContentEncoding");
            Class<?> host = type("org.apache.hc.core5.http.HttpHost");
            hostScheme = host.getMethod("getSchemeName");
            hostName = host.getMethod("getHostName");
            hostPort = host.getMethod("getPort");
            requestChannel = type("org.apache.hc.core5.http.nio.RequestChannel");
            sendRequest = type("org.apache.hc.core5.http.nio.AsyncRequestProducer").getMethod("sendRequest",
                    requestChannel, type("org.apache.hc.core5.http.protocol.HttpContext"));
            entityProducer = type("org.apache.hc.core5.http.nio.AsyncEntityProducer");
            producerRepeatable = entityProducer.getMethod("isRepeatable");
            dataStreamChannel = type("org.apache.hc.core5.http.nio.DataStreamChannel");
            Class<?> dataProducer = type("org.apache.hc.core5.http.nio.AsyncDataProducer");
            produce = dataProducer.getMethod("produce", dataStreamChannel);
            releaseResources = type("org.apache.hc.core5.http.nio.ResourceHolder").getMethod("releaseResources");
            Class<?> future = type("org.apache.hc.core5.concurrent.BasicFuture");
            basicFuture = future.getConstructor(type("org.apache.hc.core5.concurrent.FutureCallback"));
            failed = future.getMethod("failed", Exception.class);
        }

        private Class<?> type(String name) throws ClassNotFoundException {
            return Class.forName(name, false, loader);
        }
    }
}
