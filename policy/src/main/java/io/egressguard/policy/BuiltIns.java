package io.egressguard.policy;

import io.egressguard.event.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The built-in ranges and endpoints every policy starts from unless the file turns them off. */
final class BuiltIns {
    private BuiltIns() {
    }

    /** Cloud instance metadata / credential endpoints: always denied (critical) unless an exact allow names one. */
    static final String[] METADATA_IPS = {
        "169.254.169.254", // AWS, GCP, Azure IMDS, OpenStack, DigitalOcean, Oracle, Hetzner, ...
        "169.254.170.2", // AWS ECS task metadata and credentials
        "169.254.170.23", // AWS EKS Pod Identity agent
        "100.100.100.200", // Alibaba Cloud
        "192.0.0.192", // Oracle Cloud (legacy)
        "168.63.129.16", // Azure WireServer
        "fd00:ec2::254", // AWS IMDS over IPv6
        "fd00:ec2::23", // AWS EKS Pod Identity over IPv6
    };

    static final String[] METADATA_NAMES = {
        "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
    };

    static final String[] LOOPBACK = {"127.0.0.0/8", "::1/128", "0.0.0.0/32", "::/128"};

    static final String[] PRIVATE = {
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
        "fc00::/7", "fe80::/10",
    };

    static final String LOOPBACK_RULE = "default:loopback";
    /** While failing closed: this host's own name (see LocalNames). */
    static final String OWN_NAME_RULE = "default:own-host-name";
    static final String PRIVATE_RULE = "default:private-network";
    static final String PUBLIC_RULE = "default:public-internet";

    static Decision loopbackDecision() {
        return new Decision(Verdict.ALLOW, LOOPBACK_RULE, Severity.LOW, null, null, false);
    }

    static CidrTable ranges(boolean privateNetworks) {
        Map<Cidr, Bucket> map = new HashMap<>();
        put(map, LOOPBACK, loopbackDecision());
        if (privateNetworks) {
            put(map, PRIVATE, new Decision(Verdict.ALLOW, PRIVATE_RULE, Severity.LOW, null, null, false));
        }
        return new CidrTable(map);
    }

    static CidrTable metadataIps(boolean monitor) {
        Map<Cidr, Bucket> map = new HashMap<>();
        for (String ip : METADATA_IPS) {
            map.put(Cidr.parse(ip), one(new Decision(monitor ? Verdict.MONITOR : Verdict.DENY, "metadata:" + ip,
                    Severity.CRITICAL, null, null, false)));
        }
        return new CidrTable(map);
    }

    static HostTable metadataNames(boolean monitor) {
        Map<String, Bucket> map = new HashMap<>();
        for (String n : METADATA_NAMES) {
            map.put(n, one(new Decision(monitor ? Verdict.MONITOR : Verdict.DENY, "metadata:" + n,
                    Severity.CRITICAL, null, null, true)));
        }
        return new HostTable(map);
    }

    private static void put(Map<Cidr, Bucket> map, String[] cidrs, Decision d) {
        for (String c : cidrs) {
            map.put(Cidr.parse(c), one(d));
        }
    }

    static Bucket one(Decision d) {
        List<RuleEntry> l = new ArrayList<>(Collections.singletonList(new RuleEntry(null, d, 0)));
        return new Bucket(l);
    }
}
