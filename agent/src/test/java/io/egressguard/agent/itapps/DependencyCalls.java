package io.egressguard.agent.itapps;

/**
 * Calls a URL through an SDK jar's {@code Sdk} class, each way it has: DependencyCalls CLASS URL.
 * Prints RESULT &lt;way&gt;=ok|blocked|error:... and RESULT &lt;way&gt;.got=&lt;what it returned&gt;.
 */
public final class DependencyCalls {
    private static final String[] WAYS = {"okhttpSync", "okhttpAsync", "clientSync", "clientAsync"};

    public static void main(String[] args) throws Exception {
        Class<?> sdk = Class.forName(args[0]);
        for (String way : WAYS) {
            Outcome.attempt(way, () -> Outcome.print(way + ".got", String.valueOf(sdk.getMethod(way, String.class).invoke(null, args[1]))));
        }
        System.exit(0); // the clients' worker threads would keep the JVM up
    }
}
