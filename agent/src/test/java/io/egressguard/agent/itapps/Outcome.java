package io.egressguard.agent.itapps;

/** How a test app reports what happened to one attempt: {@code RESULT name=outcome}. */
final class Outcome {
    private Outcome() {
    }

    static void print(String name, String outcome) {
        System.out.println("RESULT " + name + "=" + outcome);
        System.out.flush();
    }

    /** "blocked" when the agent's exception is anywhere in the chain, else the failure's class. */
    static String of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String n = c.getClass().getName();
            if (n.equals("io.egressguard.agent.bootstrap.EgressBlockedException")) {
                return "blocked";
            }
            if (n.equals("io.egressguard.agent.bootstrap.EgressBlockedLookupException")) {
                return "blocked-lookup";
            }
        }
        return "error:" + t.getClass().getName() + ":" + t.getMessage();
    }

    /** The agent's own message when it blocked, else the outermost message. */
    static String messageOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().startsWith("io.egressguard.agent.bootstrap.EgressBlocked")) {
                return c.getMessage();
            }
        }
        return String.valueOf(t.getMessage());
    }

    interface Attempt {
        void run() throws Exception;
    }

    static void attempt(String name, Attempt a) {
        try {
            a.run();
            print(name, "ok");
        } catch (Throwable t) {
            print(name, of(t));
            System.out.println("MESSAGE " + name + "=" + messageOf(t));
        }
    }
}
