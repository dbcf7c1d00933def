package io.egressguard.agent.instrumentation.okhttp;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.List;

/**
 * OkHttp 3.x (3.14 checked), 4.x and 5.x, caught at the call: the URL's host is decided before any
 * lookup or connect, and the request (and a replayable body) recorded; an enqueued call keeps the
 * stack of the code that enqueued it.
 */
public final class OkHttpModule implements InstrumentationModule {
    /** OkHttp 4.x and 5.x (Kotlin). */
    private static final String CALL = "okhttp3/internal/connection/RealCall";
    /** OkHttp 3.x. */
    private static final String CALL3 = "okhttp3/RealCall";
    private static final String ENQUEUE = "(Lokhttp3/Callback;)V";
    private static final String[] RUN = {"okhttp-call", "okhttp3-call"};
    private static final String[] HAND_OVER = {"okhttp-enqueue", "okhttp3-enqueue"};

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public List<EntryHook> hooks() {
        return Arrays.asList(
                // execute() and the async call's run() both pass here, on the thread that then looks
                // up and connects (Kotlin's internal name mangling: $okhttp). execute() throws the
                // refusal as is; an enqueued call's run() hands it to Callback.onFailure.
                new EntryHook(Entry.REQUEST, RUN[0], CALL, "getResponseWithInterceptorChain$okhttp", "()Lokhttp3/Response;", EntryHook.THIS).loadedByApp(),
                new EntryHook(Entry.REQUEST, RUN[1], CALL3, "getResponseWithInterceptorChain", "()Lokhttp3/Response;", EntryHook.THIS).loadedByApp(),
                // enqueue() runs on the app's thread; the call then runs on OkHttp's dispatcher, whose
                // stack names no app code: remember the caller's stack with the call.
                new EntryHook(Entry.HAND_OVER, HAND_OVER[0], CALL, "enqueue", ENQUEUE, EntryHook.THIS).loadedByApp(),
                new EntryHook(Entry.HAND_OVER, HAND_OVER[1], CALL3, "enqueue", ENQUEUE, EntryHook.THIS).loadedByApp());
    }

    @Override
    public List<String> transportPackages() {
        return Arrays.asList("okhttp3.", "okio.", "com.squareup.okhttp.");
    }

    @Override
    public void advise(Advice advice, Engine engine) {
        OkHttpCalls calls = new OkHttpCalls(engine);
        for (String hook : RUN) {
            advice.request(hook, calls);
        }
        for (String hook : HAND_OVER) {
            advice.handOver(hook, calls);
        }
    }
}
