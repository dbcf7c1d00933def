package io.egressguard.collector.report.cyclonedx;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.store.ReportRows.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.cyclonedx.model.OrganizationalEntity;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Service;
import org.cyclonedx.model.ServiceData;

/**
 * The services: one per destination (host, else IP, and port) that any code tried to reach, with
 * its attempts by action, first and last seen, the catalog vendor as provider, and every flow to it
 * from one component with one action as a property {@code egressguard:flow} (docs/report.md).
 */
final class Services {
    /** A host name or an IPv4 address, the only hosts written into an endpoint URI; anything else is only the service's name. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Services() {
    }

    static String ref(Flow f) {
        return "service:" + Observed.destination(f.host(), f.port());
    }

    /** The services of the flows, by name. */
    static List<Service> of(List<Flow> flows, Map<String, String> vendors) {
        Map<String, List<Flow>> byRef = new TreeMap<>();
        for (Flow f : flows) {
            byRef.computeIfAbsent(ref(f), r -> new ArrayList<>()).add(f);
        }
        List<Service> out = new ArrayList<>();
        byRef.forEach((ref, toIt) -> out.add(service(ref, toIt, vendors)));
        return out;
    }

    private static Service service(String ref, List<Flow> flows, Map<String, String> vendors) {
        Flow any = flows.get(0);
        String destination = Observed.destination(any.host(), any.port());
        Service s = new Service();
        s.setBomRef(ref);
        s.setName(destination);
        String endpoint = endpoint(any.host(), any.port());
        if (endpoint != null) {
            s.setEndpoints(List.of(endpoint));
        }
        String vendor = vendors.get(destination);
        if (vendor != null) {
            OrganizationalEntity provider = new OrganizationalEntity();
            provider.setName(vendor);
            s.setProvider(provider);
        }
        s.setxTrustBoundary(true); // the firewall records calls leaving the process
        // Direction is the service's: the data was sent to it. egressguard does not classify payloads.
        s.setData(List.of(new ServiceData(ServiceData.Flow.INBOUND, "unclassified")));
        Tally total = new Tally();
        List<Property> perFlow = new ArrayList<>();
        for (Flow f : sorted(flows)) {
            total.add(f);
            String component = Components.ref(f);
            Tally one = new Tally();
            one.add(f);
            // action attempts first last component: the component (a bom-ref) last, as it is the one value that may hold spaces
            perFlow.add(new Property(Sbom.NS + "flow", (f.action() == null ? "allowed" : f.action()) + " " + f.attempts() + " "
                    + Cells.timeIso(f.firstNanos()) + " " + Cells.timeIso(f.lastNanos()) + " " + (component == null ? "-" : component)));
        }
        List<Property> properties = new ArrayList<>();
        properties.add(new Property(Sbom.NS + "host", any.host()));
        properties.add(new Property(Sbom.NS + "port", Integer.toString(any.port())));
        total.addTo(properties);
        properties.addAll(perFlow);
        s.setProperties(properties);
        return s;
    }

    private static List<Flow> sorted(List<Flow> flows) {
        List<Flow> out = new ArrayList<>(flows);
        out.sort((a, b) -> {
            String ra = String.valueOf(Components.ref(a));
            String rb = String.valueOf(Components.ref(b));
            int c = ra.compareTo(rb);
            return c != 0 ? c : String.valueOf(a.action()).compareTo(String.valueOf(b.action()));
        });
        return out;
    }

    /**
     * {@code //host:port}: a network-path reference, since the scheme is not known from the
     * destination alone (a socket, DNS, HTTP). Null for a host that is no plain name or address.
     */
    static String endpoint(String host, int port) {
        if (host == null) {
            return null;
        }
        String authority;
        if (HOST_NAME.matcher(host).matches()) {
            authority = host;
        } else if (host.indexOf(':') >= 0 && IPV6.matcher(host).matches()) {
            authority = "[" + host + "]";
        } else {
            return null;
        }
        return "//" + authority + (port > 0 ? ":" + port : "");
    }
}
