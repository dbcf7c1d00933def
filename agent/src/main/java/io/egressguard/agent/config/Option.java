package io.egressguard.agent.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One agent option: its key in agent arguments, the system property and environment variable it
 * may also come from, its type, default and description. {@link Options#ALL} is the one list.
 */
public final class Option {
    private final String key;
    private final OptionType type;
    private final String defaultValue;
    private final String description;
    private final List<String> choices;
    private final long min;
    private final long max;

    private Option(String key, OptionType type, String defaultValue, String description, List<String> choices, long min, long max) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.choices = choices;
        this.min = min;
        this.max = max;
    }

    static Option path(String key, String defaultValue, String description) {
        return new Option(key, OptionType.PATH, defaultValue, description, Collections.<String>emptyList(), 0, 0);
    }

    static Option bool(String key, boolean defaultValue, String description) {
        return new Option(key, OptionType.BOOLEAN, String.valueOf(defaultValue), description, Arrays.asList("true", "false"), 0, 0);
    }

    static Option integer(String key, long defaultValue, long min, long max, String description) {
        return new Option(key, OptionType.INT, String.valueOf(defaultValue), description, Collections.<String>emptyList(), min, max);
    }

    static Option bytes(String key, String defaultValue, long min, long max, String description) {
        return new Option(key, OptionType.BYTES, defaultValue, description, Collections.<String>emptyList(), min, max);
    }

    static Option list(String key, String defaultValue, String description) {
        return new Option(key, OptionType.LIST, defaultValue, description, Collections.<String>emptyList(), 0, 0);
    }

    static Option choice(String key, String defaultValue, String description, String... choices) {
        return new Option(key, OptionType.CHOICE, defaultValue, description, Arrays.asList(choices), 0, 0);
    }

    public String key() {
        return key;
    }

    public OptionType type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public List<String> choices() {
        return choices;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** {@code egressguard.payload.max} for key {@code payload.max}. */
    public String systemProperty() {
        return "egressguard." + key;
    }

    /** {@code EGRESSGUARD_PAYLOAD_MAX} for key {@code payload.max}. */
    public String environmentVariable() {
        return envName(key);
    }

    static String envName(String key) {
        return "EGRESSGUARD_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
