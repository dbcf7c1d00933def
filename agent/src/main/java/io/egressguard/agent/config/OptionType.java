package io.egressguard.agent.config;

/** The kinds of value an option takes, with how each is parsed and described. */
public enum OptionType {
    PATH("path"),
    BOOLEAN("true|false"),
    INT("integer"),
    BYTES("bytes (e.g. 4096, 64k, 1m)"),
    CHOICE("one of"),
    LIST("list of names separated by ; or ,");

    private final String label;

    OptionType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
