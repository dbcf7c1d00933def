package io.egressguard.agent.instrumentation;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.instrumentation.apache.ApacheModule;
import io.egressguard.agent.instrumentation.httpclient.HttpClientModule;
import io.egressguard.agent.instrumentation.jdkdns.JdkDnsModule;
import io.egressguard.agent.instrumentation.jdksocket.JdkSocketModule;
import io.egressguard.agent.instrumentation.jdkudp.JdkUdpModule;
import io.egressguard.agent.instrumentation.jetty.JettyModule;
import io.egressguard.agent.instrumentation.netty.NettyModule;
import io.egressguard.agent.instrumentation.okhttp.OkHttpModule;
import io.egressguard.agent.instrumentation.reactornetty.ReactorNettyModule;
import io.egressguard.agent.instrumentation.urlconnection.UrlConnectionModule;
import io.egressguard.agent.instrumentation.vertx.VertxModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every instrumented library and JDK API: adding one is adding its folder and a line here. */
public final class Instrumentations {
    private final List<InstrumentationModule> modules;
    private final List<EntryHook> hooks = new ArrayList<>();

    private Instrumentations(List<InstrumentationModule> modules) {
        this.modules = modules;
        for (InstrumentationModule m : modules) {
            for (EntryHook h : m.hooks()) {
                hooks.add(h.withId(hooks.size()));
            }
        }
    }

    public static Instrumentations all() {
        return of(
                new JdkSocketModule(),
                new JdkUdpModule(),
                new JdkDnsModule(),
                new UrlConnectionModule(),
                new HttpClientModule(),
                new OkHttpModule(),
                new NettyModule(),
                new ReactorNettyModule(),
                new VertxModule(),
                new JettyModule(),
                new ApacheModule());
    }

    /** These modules only (tests). */
    public static Instrumentations of(InstrumentationModule... modules) {
        return new Instrumentations(Collections.unmodifiableList(Arrays.asList(modules)));
    }

    public List<InstrumentationModule> modules() {
        return modules;
    }

    /** Every module's hooks, numbered by their place in this list (the id the gate passes back). */
    public List<EntryHook> hooks() {
        return Collections.unmodifiableList(hooks);
    }

    /** Every module's library packages ({@link InstrumentationModule#transportPackages()}). */
    public List<String> transportPackages() {
        List<String> packages = new ArrayList<>();
        for (InstrumentationModule m : modules) {
            packages.addAll(m.transportPackages());
        }
        return packages;
    }

    /** The gate's handler; each module's advice is made from {@code engine} when one of its hooks first fires. */
    public HookDispatch dispatch(Engine engine) {
        InstrumentationModule[] moduleOf = new InstrumentationModule[hooks.size()];
        int id = 0;
        for (InstrumentationModule m : modules) {
            for (int n = m.hooks().size(); n > 0; n--) {
                moduleOf[id++] = m;
            }
        }
        return new HookDispatch(engine, hooks, moduleOf);
    }
}
