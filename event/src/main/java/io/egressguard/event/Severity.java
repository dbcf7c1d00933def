package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much an attempt matters to the operator; set by the rule that decided it. */
public enum Severity {
    @JsonProperty("critical") CRITICAL,
    @JsonProperty("high") HIGH,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("low") LOW;

    /** Made once: a drain asks for it per stored event. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** Parses the lower-case wire name; null for an unknown word. */
    public static Severity parse(String word) {
        for (Severity s : values()) {
            if (s.wireName().equalsIgnoreCase(word)) {
                return s;
            }
        }
        return null;
    }
}
