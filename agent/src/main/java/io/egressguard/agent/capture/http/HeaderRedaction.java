package io.egressguard.agent.capture.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces credential headers by {@code redacted:sha256:<first 12 hex>}: the journal must not become
 * a store of secrets, but the same token must stay recognisable across events.
 */
public final class HeaderRedaction {
    static final String PREFIX = "redacted:sha256:";
    private static final String[] ALWAYS = {"authorization", "proxy-authorization", "cookie"};

    private final boolean enabled;
    private final Set<String> names = new HashSet<>();

    /**
     * @param enabled false: headers are recorded as sent ({@code redact=none})
     * @param extra   further header names to redact, any case
     */
    public HeaderRedaction(boolean enabled, Collection<String> extra) {
        this.enabled = enabled;
        for (String n : ALWAYS) {
            names.add(n);
        }
        for (String n : extra) {
            names.add(n.trim().toLowerCase(Locale.ROOT));
        }
    }

    public Map<String, List<String>> apply(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String name = e.getKey();
            if (!enabled || name == null || !names.contains(name.toLowerCase(Locale.ROOT))) {
                out.put(name, new ArrayList<>(e.getValue()));
                continue;
            }
            List<String> values = new ArrayList<>(e.getValue().size());
            for (String v : e.getValue()) {
                values.add(redact(v));
            }
            out.put(name, values);
        }
        return out;
    }

    static String redact(String value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(PREFIX.length() + 12).append(PREFIX);
            for (int i = 0; i < 6; i++) {
                sb.append(Character.forDigit((hash[i] >> 4) & 0xf, 16)).append(Character.forDigit(hash[i] & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
