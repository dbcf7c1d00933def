package io.egressguard.collector.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Distinct stacks, stored once in the {@code stacks} table and referenced by hash from each event.
 * Thousands of attempts usually share a handful of code paths, so a stack's hash is the key the
 * reports group by, and the store writes each stack's frames once instead of once per event.
 */
public final class Stacks {
    private static final String INSERT = "INSERT INTO stacks (hash, frames, depth) VALUES (?, ?, ?)"
            + " ON CONFLICT (hash) DO NOTHING";
    /** Hashes known to be committed; bounded so a store with millions of distinct stacks stays small in memory. */
    private static final int REMEMBERED = 65_536;

    private final Map<String, Boolean> committed = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Set<String> pending = new HashSet<>();

    /** The key of a stack: the first 16 hex digits of the SHA-256 of its JSON array text. */
    public static String hash(String stackJson) {
        if (stackJson == null) {
            return null;
        }
        byte[] utf8 = stackJson.getBytes(StandardCharsets.UTF_8);
        return hash(utf8, 0, utf8.length);
    }

    /** {@link #hash(String)} of the UTF-8 text in {@code utf8[from, to)}. */
    public static String hash(byte[] utf8, int from, int to) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(utf8, from, to - from);
            return java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Inserts, inside the open transaction, the stacks of {@code events} not known to be stored. */
    void insertNew(Connection connection, List<StoredEvent> events) throws SQLException {
        PreparedStatement ps = null;
        try {
            for (StoredEvent event : events) {
                String hash = event.stackHash();
                if (hash == null || committed.containsKey(hash) || !pending.add(hash)) {
                    continue;
                }
                if (ps == null) {
                    ps = connection.prepareStatement(INSERT);
                }
                String frames = event.stackJson();
                ps.setString(1, hash);
                ps.setString(2, frames);
                ps.setInt(3, depth(frames));
                ps.addBatch();
            }
            if (ps != null) {
                ps.executeBatch();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    /** The transaction that wrote the pending stacks committed: remember them. */
    void committed() {
        for (String hash : pending) {
            committed.put(hash, Boolean.TRUE);
        }
        pending.clear();
    }

    /** The transaction rolled back: what it wrote is not there. */
    void rolledBack() {
        pending.clear();
    }

    private static int depth(String frames) {
        try {
            JsonNode node = EventCodec.mapper().readTree(frames);
            return node.isArray() ? node.size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
