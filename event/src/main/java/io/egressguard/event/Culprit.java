package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The code held responsible for an attempt: the first stack frame outside the JDK, the agent and
 * known HTTP/transport libraries, and the jar that frame's class came from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Culprit {
    /** The frame, as {@code StackTraceElement.toString()} prints it. */
    public String frame;
    /** The code source of the frame's class (a jar path or a classes directory); null when unknown. */
    public String jar;
    /** Maven coordinates {@code group:artifact:version} from the jar's pom.properties, when present. */
    public String gav;

    public Culprit() {
    }

    public Culprit(String frame, String jar, String gav) {
        this.frame = frame;
        this.jar = jar;
        this.gav = gav;
    }
}
