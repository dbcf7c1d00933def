package io.egressguard.collector.cli;

import io.egressguard.collector.store.StoreUrl;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --store URL}, shared by every command that reads or writes events. */
public final class StoreOption {
    @Option(names = "--store", paramLabel = "URL", defaultValue = StoreUrl.DEFAULT, converter = Converter.class,
            description = "Where events are stored: sqlite:PATH or postgresql://user@host:port/db (default: ${DEFAULT-VALUE}).")
    StoreUrl url;

    static final class Converter implements ITypeConverter<StoreUrl> {
        @Override
        public StoreUrl convert(String value) {
            try {
                return StoreUrl.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
