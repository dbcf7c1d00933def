package io.egressguard.agent.itapps;

/** Does no networking at all: for proving the agent itself connects nowhere and writes nothing stray. */
public final class Idle {
    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 0;
        Thread.sleep(millis);
        Outcome.print("idle", "ok");
    }
}
