package io.egressguard.collector.alert;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.OwnerOnlyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends each alert to its outputs: one line on stderr, a JSON line appended to an owner-only file,
 * and a local command that reads the JSON on stdin. An output that fails is reported once through
 * {@code notices} and never stops the others nor the caller.
 */
public final class AlertOutputs {
    private static final int ERR_KEPT = 400;

    private final AlertConfig config;
    private final Consumer<String> stderr;
    private final Consumer<String> notices;
    private boolean fileFailed;
    private boolean commandFailed;
    private long commandFailures;
    private long sent;

    /**
     * @param stderr  receives the one-line form of each alert
     * @param notices receives the one-line problems of the outputs themselves
     */
    public AlertOutputs(AlertConfig config, Consumer<String> stderr, Consumer<String> notices) {
        this.config = config;
        this.stderr = stderr;
        this.notices = notices;
        if (config.file() != null) {
            OwnerOnlyFiles.createFile(config.file()); // fails at start, with one line, when the path is unusable
        }
    }

    public void send(Alert alert) {
        sent++;
        if (config.stderr()) {
            stderr.accept(alert.line());
        }
        String json = alert.json();
        if (config.file() != null) {
            appendToFile(json);
        }
        if (!config.command().isEmpty()) {
            runCommand(json);
        }
    }

    long commandTimeoutMillis() {
        return config.command().isEmpty() ? 0 : config.commandTimeout().toMillis();
    }

    public long sent() {
        return sent;
    }

    /** How often the command failed after its first failure was reported. */
    public long commandFailuresSinceReported() {
        return Math.max(0, commandFailures - 1);
    }

    private void appendToFile(String json) {
        try {
            OwnerOnlyFiles.createFile(config.file());
            Files.write(config.file(), (json + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            fileFailed = false;
        } catch (IOException | CollectorException e) {
            if (!fileFailed) {
                notices.accept("alerts: cannot append to " + config.file() + ": " + e.getMessage()
                        + " (alerts still go to the other outputs; said once until it works again)");
                fileFailed = true;
            }
        }
    }

    private void runCommand(String json) {
        String problem;
        try {
            problem = run(json);
        } catch (IOException e) {
            problem = "cannot run it: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem == null) {
            return;
        }
        commandFailures++;
        if (!commandFailed) {
            commandFailed = true;
            notices.accept("alerts: command " + config.command().get(0) + " failed: " + problem
                    + " (alerts still go to the other outputs; further failures are not reported)");
        }
    }

    /** Runs the command with the alert on stdin; returns what went wrong, or null. */
    private String run(String json) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(config.command());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> keepStart(p.getErrorStream(), err), "egressguard-alert-command-stderr");
        errReader.setDaemon(true);
        errReader.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command did not read its input; its exit status says what happened
        }
        long millis = config.commandTimeout().toMillis();
        if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(1, TimeUnit.SECONDS);
            return "no exit within " + Windows.text(config.commandTimeout()) + " (killed)";
        }
        errReader.join(1_000);
        if (p.exitValue() != 0) {
            String text;
            synchronized (err) {
                text = err.toString(StandardCharsets.UTF_8).strip();
            }
            int nl = text.indexOf('\n');
            return "exit status " + p.exitValue() + (text.isEmpty() ? "" : ": " + (nl < 0 ? text : text.substring(0, nl)));
        }
        return null;
    }

    /** Reads the command's stderr to the end (so it never blocks on a full pipe), keeping its start. */
    private static void keepStart(InputStream in, ByteArrayOutputStream kept) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (kept) {
                    int room = ERR_KEPT - kept.size();
                    if (room > 0) {
                        kept.write(buf, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
