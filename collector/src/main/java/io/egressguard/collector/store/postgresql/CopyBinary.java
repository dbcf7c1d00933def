package io.egressguard.collector.store.postgresql;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rows in COPY's binary format: each value as its length and bytes, so neither side escapes or
 * parses text (the text format made the collector walk every character of each event's JSON).
 * Values are String (text), Long (bigint), Integer (integer) or null, matching the column types.
 */
final class CopyBinary {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private CopyBinary() {
    }

    static byte[] encode(List<Object[]> rows, int columns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 1024 + 32);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // no header extension
            for (Object[] row : rows) {
                out.writeShort(columns);
                for (int i = 0; i < columns; i++) {
                    write(out, row[i]);
                }
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else if (value instanceof String s) {
            // PostgreSQL text cannot hold NUL; it is the one character a column may not keep.
            byte[] utf8 = (s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD')).getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        } else if (value instanceof Long l) {
            out.writeInt(8);
            out.writeLong(l);
        } else if (value instanceof Integer n) {
            out.writeInt(4);
            out.writeInt(n);
        } else {
            throw new IllegalArgumentException("no binary COPY form for " + value.getClass().getName());
        }
    }
}
