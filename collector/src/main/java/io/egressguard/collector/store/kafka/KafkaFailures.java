package io.egressguard.collector.store.kafka;

import io.egressguard.collector.CollectorException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/** Turns Kafka's nested, multi-line exceptions into the one line the CLI prints. */
final class KafkaFailures {
    private KafkaFailures() {
    }

    static CollectorException fail(KafkaUrl url, int timeoutMs, String what, Throwable e) {
        Throwable cause = rootOfInterest(e);
        String problem;
        if (cause instanceof TimeoutException) {
            problem = "no answer from " + String.join(",", url.bootstrap()) + " within timeout.ms=" + timeoutMs
                    + " (is Kafka running there? raise ?timeout.ms= for a slow cluster)";
        } else {
            problem = cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
        }
        return new CollectorException("store " + url + ": " + what + ": " + problem, e);
    }

    /** The innermost Kafka exception, past the wrappers futures and the producer add. */
    private static Throwable rootOfInterest(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || (t instanceof KafkaException && !(t instanceof TimeoutException))) && t.getCause() != null
                && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
