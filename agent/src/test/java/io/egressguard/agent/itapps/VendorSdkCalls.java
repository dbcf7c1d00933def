package io.egressguard.agent.itapps;

/**
 * Sends the telemetry body through a vendor SDK: VendorSdkCalls URL. The SDK's class
 * com.acme.telemetry.Telemetry (it.VendorSdkJar, on the class path only in that test) enqueues it
 * on OkHttp and returns the status or the exception its callback got. Prints RESULT sdk=...,
 * RESULT thrown=&lt;class&gt; for a failure, RESULT status for an answer.
 */
public final class VendorSdkCalls {
    public static void main(String[] args) throws Exception {
        Outcome.attempt("sdk", () -> {
            Object outcome = Class.forName("com.acme.telemetry.Telemetry").getMethod("track", String.class).invoke(null, args[0]);
            if (outcome instanceof Throwable) {
                Outcome.print("thrown", outcome.getClass().getName());
                throw (Exception) outcome;
            }
            Outcome.print("status", String.valueOf(outcome));
        });
        // OkHttp's dispatcher and connection pool threads would keep the JVM up for a minute.
        System.exit(0);
    }
}
