package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The application-level request behind an attempt, when an HTTP client hook saw it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Request {
    public String method;
    public String url;
    /** Header name to values, in the order the client set them; sensitive values are redacted. */
    public Map<String, List<String>> headers;

    /** Roughly the heap this request holds: its strings, with what each costs besides its characters. */
    public long heldBytes() {
        long n = Event.STRING_BYTES * 2 + Event.length(method) + Event.length(url);
        Map<String, List<String>> h = headers;
        if (h != null) {
            for (Map.Entry<String, List<String>> e : h.entrySet()) {
                n += Event.STRING_BYTES + Event.length(e.getKey());
                for (String v : e.getValue()) {
                    n += Event.STRING_BYTES + Event.length(v);
                }
            }
        }
        return n;
    }
}
