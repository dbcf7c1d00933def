package io.egressguard.agent.instrumentation.urlconnection;

import io.egressguard.agent.capture.http.HttpCall;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Reads (and, for a refused buffered request, adjusts) the JDK's
 * {@code sun.net.www.protocol.http.HttpURLConnection}. {@code userHeaders} holds every header the
 * app set, Authorization included ({@code getRequestProperties()} hides that one); {@code poster}
 * holds the whole body in the default buffered mode. Needs java.base's sun.net.www,
 * sun.net.www.http, sun.net.www.protocol.http and java.net opened to the agent's module.
 */
public final class UrlConnectionReader {
    private static final String IMPL = "sun.net.www.protocol.http.HttpURLConnection";
    private static final int MAX_HEADERS = 256;

    private final MethodHandle userHeaders;
    private final MethodHandle getPoster;
    private final MethodHandle setPoster;
    private final MethodHandle newPoster;
    private final MethodHandle streaming;
    private final MethodHandle headerKey;
    private final MethodHandle headerValue;
    private final MethodHandle setMethod;

    private UrlConnectionReader() throws ReflectiveOperationException {
        MethodHandles.Lookup self = MethodHandles.lookup();
        Class<?> impl = Class.forName(IMPL, false, null);
        Class<?> messageHeader = Class.forName("sun.net.www.MessageHeader", false, null);
        Class<?> poster = Class.forName("sun.net.www.http.PosterOutputStream", false, null);
        MethodHandles.Lookup in = MethodHandles.privateLookupIn(impl, self);
        userHeaders = exact(in.findGetter(impl, "userHeaders", messageHeader), Object.class, Object.class);
        getPoster = exact(in.findGetter(impl, "poster", poster), Object.class, Object.class);
        setPoster = exact(in.findSetter(impl, "poster", poster), void.class, Object.class, Object.class);
        streaming = exact(in.findVirtual(impl, "streaming", MethodType.methodType(boolean.class)), boolean.class, Object.class);
        MethodHandles.Lookup headers = MethodHandles.privateLookupIn(messageHeader, self);
        headerKey = exact(headers.findVirtual(messageHeader, "getKey", MethodType.methodType(String.class, int.class)),
                String.class, Object.class, int.class);
        headerValue = exact(headers.findVirtual(messageHeader, "getValue", MethodType.methodType(String.class, int.class)),
                String.class, Object.class, int.class);
        newPoster = exact(MethodHandles.privateLookupIn(poster, self).findConstructor(poster, MethodType.methodType(void.class)), Object.class);
        setMethod = exact(MethodHandles.privateLookupIn(HttpURLConnection.class, self).findSetter(HttpURLConnection.class, "method", String.class),
                void.class, Object.class, String.class);
    }

    /**
     * The handle adapted once to the type its calls use, for invokeExact. A plain invoke adapts at
     * each call whose static type differs from the handle's, and the JDK caches one adaptation per
     * handle: two call sites of different types (the poster read as an Object here and as a
     * ByteArrayOutputStream there) made a new adapter, and its lambda forms, on every attempt.
     */
    private static MethodHandle exact(MethodHandle handle, Class<?> returns, Class<?>... parameters) {
        return handle.asType(MethodType.methodType(returns, parameters));
    }

    /** Built on first use: an app that never uses HttpURLConnection pays nothing. */
    public static UrlConnectionReader get() throws ReflectiveOperationException {
        UrlConnectionReader r = Holder.INSTANCE;
        if (r == null) {
            throw Holder.FAILURE;
        }
        return r;
    }

    /** Where the connection goes: enough to decide. */
    public HttpCall target(Object connection) {
        URL url = ((HttpURLConnection) connection).getURL();
        int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
        return new HttpCall(HttpCall.stripBrackets(url.getHost()), port, url);
    }

    /** The request method: with the URL, what tells repeats of one request apart. */
    public String method(Object connection) {
        return ((HttpURLConnection) connection).getRequestMethod();
    }

    /** Method, headers and, in buffered mode, the body: only for an attempt being recorded. */
    public void readRequest(Object connection, HttpCall call) throws Throwable {
        call.method = method(connection);
        Object headers = (Object) userHeaders.invokeExact(connection);
        if (headers != null) {
            for (int i = 0; i < MAX_HEADERS; i++) {
                String key = (String) headerKey.invokeExact(headers, i);
                String value = (String) headerValue.invokeExact(headers, i);
                if (key == null && value == null) {
                    break;
                }
                java.util.List<String> values = call.headers.get(key);
                if (values == null) {
                    values = new java.util.ArrayList<>(1);
                    call.headers.put(key, values);
                }
                values.add(value);
            }
        }
        if (call.header("Content-Type") == null) {
            // setRequestProperty keeps Content-Type out of userHeaders (the JDK may rewrite it).
            String type = ((HttpURLConnection) connection).getRequestProperty("Content-Type");
            if (type != null) {
                java.util.List<String> values = new java.util.ArrayList<>(1);
                values.add(type);
                call.headers.put("Content-Type", values);
            }
        }
        ByteArrayOutputStream body = (ByteArrayOutputStream) (Object) getPoster.invokeExact(connection);
        if (body != null) {
            byte[] bytes = body.toByteArray();
            call.body = bytes;
            call.bodyLength = bytes.length;
            call.bodySize = bytes.length;
            call.bodyComplete = true; // its digest is left to the payload capture: the journal writer's, for a small body
        } else if ((boolean) streaming.invokeExact(connection)) {
            call.bodySize = -1; // streaming: nothing was written before the connect it needs
        } else {
            call.bodySize = 0;
        }
    }

    /**
     * True when getOutputStream would hand out the buffer rather than a stream to the socket: output
     * enabled and no fixed-length or chunked streaming mode.
     */
    public boolean buffered(Object connection) throws Throwable {
        return ((HttpURLConnection) connection).getDoOutput() && !(boolean) streaming.invokeExact(connection);
    }

    /**
     * What getOutputStream0 does in buffered mode, minus the connect: GET turns into POST (the JDK's
     * backward-compatible behaviour) and the body buffer is created once and handed out.
     */
    public OutputStream bufferInstead(Object connection) throws Throwable {
        HttpURLConnection c = (HttpURLConnection) connection;
        if ("GET".equals(c.getRequestMethod())) {
            setMethod.invokeExact(connection, "POST");
        }
        Object poster = (Object) getPoster.invokeExact(connection);
        if (poster == null) {
            poster = (Object) newPoster.invokeExact();
            setPoster.invokeExact(connection, poster);
        }
        return (OutputStream) poster;
    }

    private static final class Holder {
        static final UrlConnectionReader INSTANCE;
        static final ReflectiveOperationException FAILURE;

        static {
            UrlConnectionReader r = null;
            ReflectiveOperationException f = null;
            try {
                r = new UrlConnectionReader();
            } catch (ReflectiveOperationException | RuntimeException e) {
                f = e instanceof ReflectiveOperationException ? (ReflectiveOperationException) e
                        : new ReflectiveOperationException("cannot read HttpURLConnection internals: " + e, e);
            }
            INSTANCE = r;
            FAILURE = f;
        }
    }
}
