package io.egressguard.policy;

import io.egressguard.event.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in catalog of telemetry, analytics, advertising and error-reporting domains, read from the
 * {@code catalog.tsv} resource next to this class (domain, vendor, category). Each entry covers the
 * domain and all its subdomains and is denied by name with severity critical.
 */
public final class Catalog {
    static final String RESOURCE = "catalog.tsv";

    /** One catalog row. */
    public static final class Entry {
        private final String domain;
        private final String vendor;
        private final String category;

        Entry(String domain, String vendor, String category) {
            this.domain = domain;
            this.vendor = vendor;
            this.category = category;
        }

        public String domain() {
            return domain;
        }

        public String vendor() {
            return vendor;
        }

        public String category() {
            return category;
        }
    }

    private Catalog() {
    }

    /** All entries in file order (for docs and reports). */
    public static List<Entry> entries() {
        return Holder.ENTRIES;
    }

    /** Compiled lookup table: domain → bucket holding the catalog decision; DENY or, in monitor mode, MONITOR. */
    static HostTable table(boolean monitor) {
        return monitor ? Holder.MONITOR_TABLE : Holder.ENFORCE_TABLE;
    }

    private static final class Holder {
        static final List<Entry> ENTRIES = read();
        static final HostTable ENFORCE_TABLE = compile(Verdict.DENY);
        static final HostTable MONITOR_TABLE = compile(Verdict.MONITOR);

        private static HostTable compile(Verdict verdict) {
            Map<String, Bucket> map = new HashMap<>();
            for (Entry e : ENTRIES) {
                Decision d = new Decision(verdict, "catalog:" + e.domain, Severity.CRITICAL, e.vendor, e.category, true);
                List<RuleEntry> one = new ArrayList<>(1);
                one.add(new RuleEntry(null, d, 0));
                map.put(e.domain, new Bucket(one));
            }
            return new HostTable(map);
        }

        private static List<Entry> read() {
            List<Entry> out = new ArrayList<>();
            try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("egressguard: resource " + RESOURCE + " is missing from the egressguard-policy classes");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    if (f.length != 3) {
                        throw new IllegalStateException("egressguard: " + RESOURCE + ":" + n + ": expected domain, vendor, category");
                    }
                    out.add(new Entry(HostNames.normalise(f[0]), f[1].trim(), f[2].trim()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Collections.unmodifiableList(out);
        }
    }
}
