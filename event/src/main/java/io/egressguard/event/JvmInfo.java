package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JVM that made an attempt. One instance per agent, shared by all its events. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class JvmInfo {
    public long pid;
    public String hostname;
    /** The container id when the JVM runs in a container (from /proc/self/cgroup or mountinfo). */
    public String container;
    public String mainClass;
    /** JVM start time, epoch milliseconds UTC. */
    public long startTime;
    /** The name of this JVM's journal directory under the queue parent. */
    public String journal;
}
