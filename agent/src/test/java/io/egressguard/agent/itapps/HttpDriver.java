package io.egressguard.agent.itapps;

import java.util.concurrent.CompletableFuture;

/**
 * How one HTTP client library sends the {@link TelemetryPost}, the way an app would: the forked
 * side of it.HttpClientContract. {@link HttpCalls} runs a driver by its class name, so adding a
 * client to the contract is a driver class here and a short IT class there.
 *
 * <p>Call the library straight from {@link #send} and {@link #sendAsync}, not from a helper: the
 * contract checks that the record names these methods as the caller.
 */
public interface HttpDriver {
    /** The library's blocking call, on the calling thread: the response, or what the library threw. */
    Reply send(TelemetryPost post) throws Exception;

    /**
     * The library's asynchronous call: a future of the response that fails with exactly what the
     * library reported to the app (its own future's failure, or the exception its callback got).
     * Drivers of libraries without an asynchronous API keep this default.
     */
    default CompletableFuture<Reply> sendAsync(TelemetryPost post) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no asynchronous API");
    }

    /** What the server answered. */
    final class Reply {
        public final int status;
        public final String body;

        public Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }
}
