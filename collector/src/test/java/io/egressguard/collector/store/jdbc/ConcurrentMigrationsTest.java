package io.egressguard.collector.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egressguard.collector.Db;
import io.egressguard.collector.Pg;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.postgresql.PostgresEventStore;
import io.egressguard.collector.store.postgresql.PostgresTarget;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collectors that start together create the schema of one fresh database at the same moment: each
 * opens and migrates it, none fails, and every migration is applied exactly once.
 */
class ConcurrentMigrationsTest {
    private static final int ROUNDS = 10;
    private static final int COLLECTORS = 3;

    @TempDir
    Path tmp;

    @Test
    void sqliteCollectorsStartingTogetherAllSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path db = tmp.resolve("round-" + round + ".db");
            migrateTogether(() -> SqliteEventStore.open(db, true), "sqlite round " + round);
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), Db.strings(db, "SELECT version FROM schema_version ORDER BY version"));
            assertEquals(1, Db.count(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'"));
        }
    }

    @Test
    void postgresCollectorsStartingTogetherAllSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (Pg pg = Pg.schema()) {
                PostgresTarget target = PostgresTarget.parse(pg.url());
                migrateTogether(() -> PostgresEventStore.open(target, true), "postgresql round " + round);
                assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), pg.strings("SELECT version FROM schema_version ORDER BY version"));
                assertEquals(1, pg.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                        + pg.schema + "' AND table_name = 'events'"));
            }
        }
    }

    private static void migrateTogether(Supplier<? extends EventStore> open, String what) throws Exception {
        CyclicBarrier start = new CyclicBarrier(COLLECTORS);
        ExecutorService pool = Executors.newFixedThreadPool(COLLECTORS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < COLLECTORS; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    try (EventStore store = open.get()) {
                        store.migrate();
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                try {
                    run.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError(what + ": a collector failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
