package io.egressguard.collector.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.event.EventCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Event JSON that is safe to print to a terminal and stays one line: besides the C0 controls that
 * Jackson always escapes, DEL, C1 controls and bidirectional overrides are written as backslash-u
 * escapes, which every JSON reader decodes back to the same characters.
 */
public final class SafeJson {
    private static final JsonFactory FACTORY = EventCodec.mapper().getFactory().copy().setCharacterEscapes(new TerminalEscapes());

    private SafeJson() {
    }

    /** {@code json} unchanged when it is already safe, else re-written through the tree (unknown fields kept). */
    public static String line(String json) {
        if (isSafe(json)) {
            return json;
        }
        try {
            return write(EventCodec.mapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("stored event JSON cannot be read: " + e.getMessage(), e);
        }
    }

    public static String write(JsonNode tree) {
        return write(tree, false);
    }

    /** With {@code pretty}, indented over several lines (for documents such as the JSON report). */
    public static String write(JsonNode tree, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            generator.setCodec(EventCodec.mapper());
            generator.writeTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static boolean isSafe(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x20 || c >= 0x7f && needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028 || c == 0x2029 || c == 0xfeff;
    }

    private static final class TerminalEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalEscapes() {
            ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch <= 0xffff && needsEscape((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
