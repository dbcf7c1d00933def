package io.egressguard.agent.instrumentation.jdkdns;

import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's name lookups: getByName and getAllByName delegate to {@code getAllByName(String)} on
 * JDK 17 and 25. Hooked before the JDK's cache, so a name refused by name sends no query.
 */
public final class JdkDnsModule implements InstrumentationModule {
    @Override
    public String name() {
        return "jdk-dns";
    }

    @Override
    public List<EntryHook> hooks() {
        return Collections.singletonList(new EntryHook(Entry.LOOKUP, "dns-lookup", "java/net/InetAddress", "getAllByName",
                "(Ljava/lang/String;)[Ljava/net/InetAddress;", 0));
    }
}
