package io.egressguard.event;

/**
 * The hook family that saw an attempt: the JDK's socket, UDP and DNS paths, or a client library's
 * API. The agent names attempts with these; on the wire an event carries the {@link #wireName()},
 * so a collector reads the names of a newer agent's APIs as plain text.
 */
public enum Api {
    SOCKET("socket"),
    UDP("udp"),
    DNS("dns"),
    HTTP_URLCONNECTION("http-urlconnection"),
    HTTP_CLIENT("http-client"),
    OKHTTP("okhttp"),
    NETTY("netty"),
    NETTY_DNS("netty-dns"),
    APACHE_HTTPCLIENT("apache-httpclient");

    private final String wireName;

    Api(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The API of a wire name; null for a name this version does not know. */
    public static Api parse(String wireName) {
        for (Api a : values()) {
            if (a.wireName.equals(wireName)) {
                return a;
            }
        }
        return null;
    }
}
