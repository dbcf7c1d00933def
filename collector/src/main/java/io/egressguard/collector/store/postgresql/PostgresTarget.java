package io.egressguard.collector.store.postgresql;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL store URL turned into what the JDBC driver takes. Accepts
 * {@code postgresql://[user[:password]@]host[:port]/db[?param=value&...]} (libpq style, which the
 * driver does not parse) and {@code jdbc:postgresql:...} as the driver documents it.
 */
public record PostgresTarget(String jdbcUrl, Properties properties, String display, String schema) {
    public static PostgresTarget parse(String text) {
        if (text.startsWith("jdbc:postgresql:")) {
            String schema = queryParams(text.contains("?") ? text.substring(text.indexOf('?') + 1) : "").get("currentSchema");
            return new PostgresTarget(text, new Properties(), text.replaceAll("password=[^&]*", "password=***"), schema);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a PostgreSQL URL: " + e.getMessage());
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("'" + text + "' names no host or database"
                    + " (expected postgresql://user@host:port/database)");
        }
        Properties props = new Properties();
        String user = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = parts[0] + "@"; // shown as written; the password never is
            props.setProperty("user", decode(parts[0]));
            if (parts.length > 1) {
                props.setProperty("password", decode(parts[1]));
            }
        }
        Map<String, String> params = queryParams(uri.getRawQuery());
        params.forEach(props::setProperty);
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String jdbc = "jdbc:postgresql://" + hostPort + uri.getRawPath();
        String display = "postgresql://" + user + hostPort + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new PostgresTarget(jdbc, props, display.replaceAll("password=[^&]*", "password=***"), params.get("currentSchema"));
    }

    private static Map<String, String> queryParams(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
