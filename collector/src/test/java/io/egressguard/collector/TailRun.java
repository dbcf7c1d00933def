package io.egressguard.collector;

import io.egressguard.collector.cli.Cli;
import io.egressguard.collector.drain.StopSignal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine;

/** Runs {@code tail} in-process on another thread, so a test can append while it follows. */
final class TailRun {
    private final StopSignal stop = new StopSignal();
    private final StringWriter out = new StringWriter(); // StringBuffer inside: safe to read while written
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> code;

    private TailRun(String... args) {
        CommandLine cli = Cli.create(stop);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        code = CompletableFuture.supplyAsync(() -> cli.execute(args));
    }

    /** Starts {@code tail} and returns once it has positioned itself on every journal present. */
    static TailRun start(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "tail";
        System.arraycopy(args, 0, all, 1, args.length);
        TailRun run = new TailRun(all);
        run.await(r -> r.err.toString().contains("tailing ") || r.code.isDone(), "the start notice");
        return run;
    }

    List<String> outLines() {
        String text = out.toString();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    void awaitLines(int n) throws Exception {
        await(r -> r.outLines().size() >= n, n + " lines");
    }

    private void await(Predicate<TailRun> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tail printed no " + what + " in 30s:\n" + this);
            }
            Thread.sleep(20);
        }
    }

    /** Stops it as SIGTERM would and returns its exit code. */
    int stop() throws Exception {
        stop.stop();
        return code.get(30, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "--- out\n" + out + "--- err\n" + err;
    }
}
