package io.egressguard.collector.report.cyclonedx;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.store.ReportRows.Flow;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.LifecycleChoice;
import org.cyclonedx.model.Lifecycles;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * The egress an application attempted as a CycloneDX BOM: the components (dependencies, by package
 * URL) that made attempts, the services (destinations) they tried to reach, and which component
 * depends on which service. Figures are properties in the {@value #NS} namespace (docs/report.md).
 */
public final class Sbom {
    /** The namespace of every property this BOM adds, as CycloneDX's property taxonomy asks. */
    static final String NS = "egressguard:";

    private Sbom() {
    }

    public static Bom of(Observed observed) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        bom.setVersion(1);
        bom.setMetadata(metadata(observed));
        List<Flow> flows = observed.flows();
        bom.setComponents(Components.of(flows));
        bom.setServices(Services.of(flows, observed.vendors()));
        bom.setDependencies(dependencies(flows));
        return bom;
    }

    private static Metadata metadata(Observed o) {
        Metadata m = new Metadata();
        m.setTimestamp(Date.from(o.generatedAt()));
        LifecycleChoice operations = new LifecycleChoice();
        operations.setPhase(LifecycleChoice.Phase.OPERATIONS); // observed in running software, not read from a build
        Lifecycles lifecycles = new Lifecycles();
        lifecycles.setLifecycleChoice(List.of(operations));
        m.setLifecycles(lifecycles);
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setGroup("io.egressguard");
        tool.setName("egressguard");
        String version = Sbom.class.getPackage().getImplementationVersion();
        if (version != null) {
            tool.setVersion(version);
        }
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        m.setToolChoice(tools);
        List<Property> properties = new ArrayList<>();
        // the range the attempts span, then the range and filters asked for (absent when not given)
        if (o.totals().firstNanos() != null) {
            properties.add(new Property(NS + "firstSeen", Cells.timeIso(o.totals().firstNanos())));
            properties.add(new Property(NS + "lastSeen", Cells.timeIso(o.totals().lastNanos())));
        }
        properties.add(new Property(NS + "attempts", Long.toString(o.totals().blocked() + o.totals().monitored() + o.totals().allowed())));
        o.filters().forEach((name, value) -> {
            if (value != null) {
                properties.add(new Property(NS + name, value));
            }
        });
        m.setProperties(properties);
        return m;
    }

    /** Each component depends on the services it tried to reach: how a reader maps a service back to its code. */
    private static List<Dependency> dependencies(List<Flow> flows) {
        Map<String, TreeSet<String>> byComponent = new TreeMap<>();
        for (Flow f : flows) {
            String component = Components.ref(f);
            if (component != null) {
                byComponent.computeIfAbsent(component, c -> new TreeSet<>()).add(Services.ref(f));
            }
        }
        List<Dependency> out = new ArrayList<>();
        byComponent.forEach((component, services) -> {
            Dependency d = new Dependency(component);
            for (String service : services) {
                d.addDependency(new Dependency(service));
            }
            out.add(d);
        });
        return out;
    }
}
