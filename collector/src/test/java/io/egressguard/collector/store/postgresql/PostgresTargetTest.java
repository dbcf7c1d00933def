package io.egressguard.collector.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egressguard.collector.store.StoreUrl;
import org.junit.jupiter.api.Test;

class PostgresTargetTest {
    @Test
    void libpqStyleUrlsBecomeDriverUrlsAndPropertiesWithThePasswordMasked() {
        PostgresTarget t = PostgresTarget.parse("postgresql://eg%40ops:s3cr%2Ft@127.0.0.1:5433/events?currentSchema=eg&sslmode=disable");
        assertEquals("jdbc:postgresql://127.0.0.1:5433/events", t.jdbcUrl());
        assertEquals("eg@ops", t.properties().getProperty("user"));
        assertEquals("s3cr/t", t.properties().getProperty("password"));
        assertEquals("disable", t.properties().getProperty("sslmode"));
        assertEquals("eg", t.schema());
        assertEquals("postgresql://eg%40ops@127.0.0.1:5433/events?currentSchema=eg&sslmode=disable", t.display());
    }

    @Test
    void storeUrlsAcceptEveryPostgresSpellingAndNameWhatIsMissing() {
        assertEquals("postgresql://u@127.0.0.1/db", StoreUrl.parse("postgres://u@127.0.0.1/db").toString());
        assertEquals("jdbc:postgresql://127.0.0.1/db?user=u&password=***",
                StoreUrl.parse("jdbc:postgresql://127.0.0.1/db?user=u&password=p").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreUrl.parse("postgresql://127.0.0.1"));
        assertEquals("'postgresql://127.0.0.1' names no host or database (expected postgresql://user@host:port/database)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StoreUrl.parse("jdbc:mysql://127.0.0.1/db"));
    }
}
