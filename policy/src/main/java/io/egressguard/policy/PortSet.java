package io.egressguard.policy;

import java.util.Arrays;

/** A set of port ranges, inclusive; an unknown port (-1) is in no set. */
final class PortSet {
    private final int[] lows;
    private final int[] highs;
    private final String text;

    PortSet(int[] lows, int[] highs) {
        this.lows = lows;
        this.highs = highs;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lows.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(lows[i]);
            if (highs[i] != lows[i]) {
                sb.append('-').append(highs[i]);
            }
        }
        this.text = sb.toString();
    }

    boolean contains(int port) {
        if (port < 0) {
            return false;
        }
        for (int i = 0; i < lows.length; i++) {
            if (port >= lows[i] && port <= highs[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses "443" or "8000-8100".
     *
     * @throws IllegalArgumentException with a message for humans
     */
    static int[] parseRange(String s) {
        String t = s.trim();
        int dash = t.indexOf('-', 1);
        try {
            int lo;
            int hi;
            if (dash < 0) {
                lo = hi = Integer.parseInt(t);
            } else {
                lo = Integer.parseInt(t.substring(0, dash).trim());
                hi = Integer.parseInt(t.substring(dash + 1).trim());
            }
            if (lo < 1 || hi > 65535 || lo > hi) {
                throw new NumberFormatException();
            }
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            if (dash < 0) {
                throw new IllegalArgumentException("bad port " + PolicyException.quote(s) + ": use a number from 1 to 65535");
            }
            throw new IllegalArgumentException("bad port range " + PolicyException.quote(s)
                    + ": write \"low-high\" with 1 <= low <= high <= 65535, e.g. \"8000-8100\"");
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet && Arrays.equals(lows, ((PortSet) o).lows) && Arrays.equals(highs, ((PortSet) o).highs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lows) * 31 + Arrays.hashCode(highs);
    }
}
