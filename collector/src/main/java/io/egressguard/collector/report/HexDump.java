package io.egressguard.collector.report;

import java.util.ArrayList;
import java.util.List;

/** Bytes as {@code hexdump -C} shows them: {@code offset  hex bytes  |ascii|}, 16 bytes a line. */
public final class HexDump {
    private static final int PER_LINE = 16;

    private HexDump() {
    }

    public static List<String> lines(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += PER_LINE) {
            StringBuilder hex = new StringBuilder(3 * PER_LINE + 1);
            StringBuilder ascii = new StringBuilder(PER_LINE);
            for (int i = 0; i < PER_LINE; i++) {
                if (i == PER_LINE / 2) {
                    hex.append(' ');
                }
                if (offset + i < bytes.length) {
                    int b = bytes[offset + i] & 0xff;
                    hex.append(String.format("%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    hex.append("   ");
                }
            }
            lines.add(String.format("%08x  %s |%s|", offset, hex, ascii));
        }
        return lines;
    }
}
