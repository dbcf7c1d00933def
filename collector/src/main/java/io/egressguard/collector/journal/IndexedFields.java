package io.egressguard.collector.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.egressguard.event.Action;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import io.egressguard.event.Payload;
import io.egressguard.event.Request;
import io.egressguard.event.Severity;
import java.io.IOException;

/**
 * Reads only what the stores index from an event record, with Jackson's streaming parser: the
 * stack, request and payload are skipped, not bound. Binding every event into {@link Event} would be
 * the largest cost of a drain (the stored JSON is the record itself, so nothing else is needed). The
 * whole record is still tokenised, so malformed JSON is caught as a full decode would.
 * The returned event carries the indexed fields only (of the request: method and URL; of the
 * payload: its size); the stack comes back as the byte range of its JSON array, which the stores
 * keep once per distinct stack.
 */
final class IndexedFields {
    /**
     * The indexed event, where its {@code stack} array lies in the record ({@code stackEnd == 0}:
     * none), and whether the record spans more than one line (pretty-printed, or a line break around it).
     */
    record Indexed(Event event, int stackStart, int stackEnd, boolean multiLine) {
        String stackJson(byte[] bytes) {
            return stackEnd <= stackStart ? null
                    : new String(bytes, stackStart, stackEnd - stackStart, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private IndexedFields() {
    }

    static Event read(byte[] bytes) throws CorruptEventException {
        return index(bytes).event();
    }

    static Indexed index(byte[] bytes) throws CorruptEventException {
        Event e = new Event();
        int stackStart = 0;
        int stackEnd = 0;
        boolean multiLine;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptEventException("not a valid event record: not a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "v" -> e.v = intValue(p, field);
                    case "id" -> e.id = text(p);
                    case "time" -> e.time = longValue(p, field);
                    case "action" -> e.action = action(text(p));
                    case "rule" -> e.rule = text(p);
                    case "severity" -> e.severity = value == JsonToken.VALUE_NULL ? null : Severity.parse(text(p));
                    case "api" -> e.api = text(p);
                    case "host" -> e.host = text(p);
                    case "port" -> e.port = intValue(p, field);
                    case "ip" -> e.ip = text(p);
                    case "vendor" -> e.vendor = text(p);
                    case "thread" -> e.thread = text(p);
                    case "count" -> e.count = intValue(p, field);
                    case "dropped" -> e.dropped = longValue(p, field);
                    case "overflow" -> e.overflow = value == JsonToken.VALUE_TRUE;
                    case "firstTime" -> e.firstTime = longValue(p, field);
                    case "culprit" -> e.culprit = culprit(p);
                    case "jvm" -> e.jvm = jvm(p);
                    case "request" -> e.request = request(p);
                    case "payload" -> e.payload = payload(p);
                    case "stack" -> {
                        if (value == JsonToken.START_ARRAY) {
                            stackStart = (int) p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                            stackEnd = (int) p.currentLocation().getByteOffset();
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw new com.fasterxml.jackson.core.JsonParseException(p, "'stack' is not an array");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            // JSON strings cannot hold a raw line break, so the parser's line count says whether the
            // record's own whitespace has one: no second scan of its bytes.
            multiLine = p.currentLocation().getLineNr() > 1
                    || endsWithLineBreak(bytes, (int) p.currentLocation().getByteOffset());
        } catch (IOException ex) {
            throw new CorruptEventException("not a valid event record: " + firstLine(ex.getMessage()), ex);
        }
        if (e.id == null || e.id.isEmpty()) {
            throw new CorruptEventException("event record without an id", null);
        }
        if (e.v < 1) {
            throw new CorruptEventException("event " + e.id + " has unknown schema version " + e.v, null);
        }
        return new Indexed(e, stackStart, stackEnd, multiLine);
    }

    /** Whether what follows the record's closing brace (from {@code end}) holds a line break. */
    private static boolean endsWithLineBreak(byte[] bytes, int end) {
        for (int i = Math.max(end, 0); i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return true;
            }
        }
        return false;
    }

    private static Request request(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(p, "request");
        Request r = new Request();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "method" -> r.method = text(p);
                case "url" -> r.url = text(p);
                default -> p.skipChildren();
            }
        }
        return r;
    }

    private static Payload payload(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(p, "payload");
        Payload pl = new Payload();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("size")) {
                pl.size = longValue(p, "payload.size");
            } else {
                p.skipChildren();
            }
        }
        return pl;
    }

    private static Culprit culprit(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(p, "culprit");
        Culprit c = new Culprit();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "frame" -> c.frame = text(p);
                case "jar" -> c.jar = text(p);
                case "gav" -> c.gav = text(p);
                case "purl" -> c.purl = text(p);
                case "evidence" -> c.evidence = text(p);
                case "archive" -> c.archive = text(p);
                case "relocated" -> c.relocated = text(p);
                default -> p.skipChildren();
            }
        }
        return c;
    }

    private static JvmInfo jvm(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(p, "jvm");
        JvmInfo j = new JvmInfo();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "pid" -> j.pid = longValue(p, "jvm.pid");
                case "hostname" -> j.hostname = text(p);
                case "mainClass" -> j.mainClass = text(p);
                default -> p.skipChildren();
            }
        }
        return j;
    }

    private static void expectObject(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "'" + field + "' is not an object");
        }
    }

    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "'" + p.currentName() + "' is not a string");
        }
        return p.getText();
    }

    private static long longValue(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "'" + field + "' is not an integer");
        }
        return p.getLongValue();
    }

    private static int intValue(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "'" + field + "' is not an integer");
        }
        return p.getIntValue();
    }

    private static Action action(String word) {
        if (word != null) {
            for (Action a : Action.values()) {
                if (a.wireName().equals(word)) {
                    return a;
                }
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
