package io.egressguard.collector.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.event.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The alerts file doubles as memory: alerts already in it are not sent again, so a restarted drain or
 * an hourly {@code alerts --store} run keeps "once per window" across runs.
 */
public final class SentAlerts {
    private SentAlerts() {
    }

    public static Set<String> read(Path file, Consumer<String> notices) {
        Set<String> keys = new HashSet<>();
        if (file == null) {
            return keys;
        }
        int bad = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = EventCodec.mapper().readTree(line);
                    boolean once = AlertRule.Kind.NEW_DESTINATION.wireName().equals(n.path("when").asText());
                    long start = once ? 0 : nanos(Instant.parse(n.path("window_start").asText()));
                    keys.add(Alert.key(n.path("alert").asText(), n.path("destination").asText(), start));
                } catch (IOException | RuntimeException e) {
                    bad++;
                }
            }
        } catch (NoSuchFileException e) {
            return keys;
        } catch (IOException e) {
            notices.accept("alerts: cannot read " + file + " to skip alerts already sent: " + e.getMessage());
        }
        if (bad > 0) {
            notices.accept("alerts: " + bad + " lines of " + file + " are not alerts; ignored");
        }
        return keys;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
