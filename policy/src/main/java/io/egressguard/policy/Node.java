package io.egressguard.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal YAML/JSON tree that remembers the line of every value and key, read with Jackson's
 * streaming parser ({@code JsonNode} forgets locations, and errors must cite lines).
 */
final class Node {
    enum Kind { MAP, LIST, SCALAR }

    final Kind kind;
    final int line;
    final JsonToken token;
    final String text;
    final Map<String, Node> fields;
    final Map<String, Integer> keyLines;
    final List<Node> items;

    private Node(Kind kind, int line, JsonToken token, String text) {
        this.kind = kind;
        this.line = line;
        this.token = token;
        this.text = text;
        this.fields = kind == Kind.MAP ? new LinkedHashMap<String, Node>() : null;
        this.keyLines = kind == Kind.MAP ? new LinkedHashMap<String, Integer>() : null;
        this.items = kind == Kind.LIST ? new ArrayList<Node>() : null;
    }

    boolean isString() {
        return kind == Kind.SCALAR && token == JsonToken.VALUE_STRING;
    }

    boolean isNull() {
        return kind == Kind.SCALAR && token == JsonToken.VALUE_NULL;
    }

    String describe() {
        if (kind == Kind.MAP) {
            return "a mapping";
        }
        if (kind == Kind.LIST) {
            return "a list";
        }
        return isNull() ? "nothing" : PolicyException.quote(text);
    }

    /** Reads one value starting at the parser's current token. */
    static Node read(JsonParser p, String file) throws IOException, PolicyException {
        JsonToken t = p.currentToken();
        int line = p.currentTokenLocation().getLineNr();
        if (t == JsonToken.START_OBJECT) {
            Node n = new Node(Kind.MAP, line, t, null);
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                Node value = read(p, file);
                if (n.fields.containsKey(key)) {
                    throw new PolicyException(file, keyLine, "duplicate key \"" + key + "\" (first at line "
                            + n.keyLines.get(key) + "); keep only one");
                }
                n.fields.put(key, value);
                n.keyLines.put(key, keyLine);
            }
            return n;
        }
        if (t == JsonToken.START_ARRAY) {
            Node n = new Node(Kind.LIST, line, t, null);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                n.items.add(read(p, file));
            }
            return n;
        }
        return new Node(Kind.SCALAR, line, t, t == JsonToken.VALUE_NULL ? null : p.getText());
    }
}
