package io.egressguard.agent.itapps;

/**
 * Calls one static String method of an SDK class that only the test's jars hold:
 * SdkCall CLASS METHOD URL. Prints RESULT sdk=&lt;what it returned&gt;. Self-contained, so a test
 * can also pack it as a Spring Boot fat jar's Start-Class.
 */
public final class SdkCall {
    public static void main(String[] args) throws Exception {
        Object out = Class.forName(args[0]).getMethod(args[1], String.class).invoke(null, args[2]);
        System.out.println("RESULT sdk=" + out);
        System.out.flush();
        System.exit(0); // an HTTP library's worker threads would keep the JVM up
    }
}
