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
}
