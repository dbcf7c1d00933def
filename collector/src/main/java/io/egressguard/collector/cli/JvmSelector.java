package io.egressguard.collector.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --jvm PID} or {@code --jvm HOST:PID}: one JVM, by process id and optionally host name. */
record JvmSelector(String host, long pid) {
    static JvmSelector parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? null : text.substring(0, colon);
        String pid = text.substring(colon + 1);
        if (host != null && host.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' names no host before ':' (expected PID or HOST:PID)");
        }
        try {
            long value = Long.parseLong(pid);
            if (value > 0) {
                return new JvmSelector(host, value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a process id (expected PID or HOST:PID, e.g. 4242 or build-1:4242)");
    }

    static final class Converter implements ITypeConverter<JvmSelector> {
        @Override
        public JvmSelector convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
