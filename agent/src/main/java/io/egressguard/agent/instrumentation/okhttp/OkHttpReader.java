package io.egressguard.agent.instrumentation.okhttp;

import io.egressguard.agent.capture.http.HttpCall;

import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OkHttp call's request (3.x, 4.x, 5.x) reflectively, through the public API of the OkHttp
 * the call's own class loader sees: the agent never loads OkHttp, and each app loader's copy gets its
 * own cached methods.
 */
final class OkHttpReader {
    /** Larger bodies (uploads) are not copied: size only. */
    private static final long MAX_COLLECT = 16L << 20;

    private final int keep;
    private final ClassValue<Api> apis = new ClassValue<Api>() {
        @Override
        protected Api computeValue(Class<?> callClass) {
            try {
                return new Api(callClass.getClassLoader());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unknown OkHttp API next to " + callClass.getName() + ": " + e, e);
            }
        }
    };

    /** @param keep bytes of the body to keep for the previews */
    OkHttpReader(int keep) {
        this.keep = keep;
    }

    /** Where the call goes: the URL's host and port. */
    public HttpCall target(Object call) {
        try {
            Api api = apis.get(call.getClass());
            Object url = api.url.invoke(api.request.invoke(call));
            return new HttpCall(HttpCall.stripBrackets((String) api.host.invoke(url)), (Integer) api.port.invoke(url), url);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the OkHttp request: " + e, e);
        }
    }

    /** The request method: with the URL, what tells repeats of one request apart. */
    public String method(Object call) throws ReflectiveOperationException {
        Api api = apis.get(call.getClass());
        return (String) api.method.invoke(api.request.invoke(call));
    }

    /** Method, headers (with the Content-Type OkHttp adds from the body) and the body when it can be replayed. */
    public void readRequest(Object call, HttpCall into) throws Exception {
        Api api = apis.get(call.getClass());
        Object request = api.request.invoke(call);
        into.method = (String) api.method.invoke(request);
        Object headers = api.headers.invoke(request);
        int n = (Integer) api.size.invoke(headers);
        for (int i = 0; i < n; i++) {
            String name = (String) api.name.invoke(headers, i);
            List<String> values = into.headers.get(name);
            if (values == null) {
                values = new ArrayList<>(1);
                into.headers.put(name, values);
            }
            values.add((String) api.value.invoke(headers, i));
        }
        Object body = api.body.invoke(request);
        if (body == null) {
            into.bodySize = 0;
            return;
        }
        Object type = api.contentType.invoke(body);
        if (type != null && into.header("Content-Type") == null) {
            List<String> v = new ArrayList<>(1);
            v.add(type.toString());
            into.headers.put("Content-Type", v);
        }
        long length = (Long) api.contentLength.invoke(body);
        into.bodySize = length;
        if (length < 0 || length > MAX_COLLECT || flag(api.isOneShot, body) || flag(api.isDuplex, body)) {
            return; // one-shot, duplex or streaming: reading it would consume what the server must get
        }
        Object buffer = api.buffer.newInstance();
        api.writeTo.invoke(body, buffer);
        byte[] all = (byte[]) api.readByteArray.invoke(buffer);
        into.bodySize = all.length;
        into.bodyLength = Math.min(all.length, keep);
        into.body = all.length <= keep ? all : java.util.Arrays.copyOf(all, keep);
        into.bodySha256 = hex(MessageDigest.getInstance("SHA-256").digest(all));
        into.bodyComplete = true;
    }

    private static boolean flag(Method m, Object body) throws ReflectiveOperationException {
        return m != null && (Boolean) m.invoke(body);
    }

    private static String hex(byte[] hash) {
        StringBuilder sb = new StringBuilder(64);
        for (byte b : hash) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /**
     * The public methods used, taken from OkHttp's public types (never the call's own, package-private
     * or internal class), so reflection needs no access grants. Kotlin's @JvmName keeps the 3.x
     * names (method(), url(), headers(), body()) in 4.x and 5.x.
     */
    private static final class Api {
        final Method request;
        final Method url;
        final Method host;
        final Method port;
        final Method method;
        final Method headers;
        final Method size;
        final Method name;
        final Method value;
        final Method body;
        final Method contentType;
        final Method contentLength;
        final Method isOneShot;
        final Method isDuplex;
        final Method writeTo;
        final java.lang.reflect.Constructor<?> buffer;
        final Method readByteArray;

        Api(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> call = Class.forName("okhttp3.Call", false, loader);
            Class<?> req = Class.forName("okhttp3.Request", false, loader);
            Class<?> httpUrl = Class.forName("okhttp3.HttpUrl", false, loader);
            Class<?> hdrs = Class.forName("okhttp3.Headers", false, loader);
            Class<?> requestBody = Class.forName("okhttp3.RequestBody", false, loader);
            Class<?> sink = Class.forName("okio.BufferedSink", false, loader);
            Class<?> okioBuffer = Class.forName("okio.Buffer", false, loader);
            request = call.getMethod("request");
            url = req.getMethod("url");
            method = req.getMethod("method");
            headers = req.getMethod("headers");
            body = req.getMethod("body");
            host = httpUrl.getMethod("host");
            port = httpUrl.getMethod("port");
            size = hdrs.getMethod("size");
            name = hdrs.getMethod("name", int.class);
            value = hdrs.getMethod("value", int.class);
            contentType = requestBody.getMethod("contentType");
            contentLength = requestBody.getMethod("contentLength");
            isOneShot = optional(requestBody, "isOneShot");
            isDuplex = optional(requestBody, "isDuplex");
            writeTo = requestBody.getMethod("writeTo", sink);
            buffer = okioBuffer.getConstructor();
            readByteArray = okioBuffer.getMethod("readByteArray");
        }

        /** Added in 3.14: older bodies are never one-shot or duplex. */
        private static Method optional(Class<?> type, String name) {
            try {
                return type.getMethod(name);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    }
}
