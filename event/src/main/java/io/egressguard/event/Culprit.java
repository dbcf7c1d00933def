package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The code held responsible for an attempt: the first stack frame outside the JDK, the agent and
 * known HTTP/transport libraries, the jar that frame's class came from, and that jar's coordinates
 * with the evidence they were read from. Records written before {@link #purl} and the fields after
 * it existed carry only frame, jar and gav; readers take the missing ones as unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Culprit {
    /** The evidence kinds, strongest first, as {@link #evidence} names them. */
    public static final String POM = "pom";
    public static final String REPOSITORY_PATH = "repository-path";
    public static final String MANIFEST = "manifest";
    public static final String FILE_NAME = "file-name";

    /** The frame, as {@code StackTraceElement.toString()} prints it. */
    public String frame;
    /**
     * The code source of the frame's class: a jar path or a classes directory, and for a jar nested in
     * another archive {@code <archive>!/<entry>} (e.g. {@code /app/app.jar!/BOOT-INF/lib/sdk-1.0.jar});
     * null when unknown.
     */
    public String jar;
    /** Maven coordinates {@code group:artifact:version}, from the evidence {@link #evidence} names. */
    public String gav;
    /** The same coordinates as a package URL, {@code pkg:maven/<group>/<artifact>@<version>[?classifier=...]}. */
    public String purl;
    /** Where the coordinates were read: {@link #POM}, {@link #REPOSITORY_PATH}, {@link #MANIFEST} or {@link #FILE_NAME}. */
    public String evidence;
    /** The archive (a Spring Boot fat jar, a WAR) that {@link #jar} is nested in; null for a jar of its own. */
    public String archive;
    /**
     * The frame's class sits in another library's package relocated into the jar (shading): that
     * package as it appears in the class name, e.g. {@code com.vendor.shaded.okhttp3}. The jar that
     * ships it is still the culprit.
     */
    public String relocated;

    public Culprit() {
    }

    public Culprit(String frame, String jar, String gav) {
        this.frame = frame;
        this.jar = jar;
        this.gav = gav;
    }
}
