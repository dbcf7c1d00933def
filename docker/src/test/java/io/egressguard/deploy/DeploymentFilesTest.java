package io.egressguard.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.egressguard.agent.config.AgentConfig;
import io.egressguard.policy.PolicyLoader;
import io.egressguard.collector.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/ci/e2e.sh builds and runs the images and the compose stack (no cluster runs the Kubernetes
 * files; docker/ci/k8s-schema checks them against the API schema); here the files are held to the code:
 * agent options go through the agent's own option parser, collector invocations through the
 * collector's picocli model, policies through the policy loader, store URLs through the collector's
 * parser; every file a Dockerfile copies must exist after the build, every image of ours must be built
 * by a Dockerfile here with the project's version, and paths and ports must agree between the files.
 */
class DeploymentFilesTest {
    static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
    static final Path DOCKER = REPO.resolve("docker");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern JAVAAGENT = Pattern.compile("-javaagent:([^=\\s]+)(?:=(\\S*))?");
    private static final Pattern COPY_CMD = Pattern.compile("\"cp\", \"([^\"]+)\", \"([^\"]+)\"");

    private final CollectorCommands collector = new CollectorCommands();

    @TempDir
    Path tmp;

    static String version() {
        return System.getProperty("egressguard.version", "0.1.0-SNAPSHOT").replace("-SNAPSHOT", "");
    }

    // ---------------------------------------------------------------- Dockerfiles

    @Test
    void dockerfilesCopyOnlyWhatTheBuildMakesAndRunRealCollectorCommands() throws Exception {
        Map<String, Dockerfile> files = dockerfiles();
        assertEquals(Set.of("Dockerfile.agent", "Dockerfile.collector", "Dockerfile.example"), files.keySet());
        for (Dockerfile d : files.values()) {
            for (String[] copy : d.copies()) {
                assertTrue(Files.isRegularFile(REPO.resolve(copy[0])), d.name + ": COPY source " + copy[0]
                        + " does not exist after the build (./mvnw package)");
            }
            assertEquals(List.of(), collector.check(d.name, Files.readString(DOCKER.resolve(d.name))));
            for (String from : d.baseImages()) {
                assertPinned(d.name, from);
            }
            // the end-to-end test (docker/ci/e2e.sh) builds on local images through these arguments
            List<String> froms = d.all("FROM");
            assertEquals("${BASE_IMAGE}", froms.get(froms.size() - 1), d.name + ": FROM ${BASE_IMAGE}, a public image by default");
            assertTrue(froms.stream().allMatch(f -> f.matches("\\$\\{[A-Z_]+\\}( AS [a-z]+)?")), d.name + ": every FROM an ARG: " + froms);
        }
        Dockerfile agent = files.get("Dockerfile.agent");
        assertEquals(List.of("agent/target/egressguard-agent.jar", "/opt/egressguard/egressguard-agent.jar"), List.of(agent.copies().get(0)));
        assertEquals(1, agent.copies().size(), "the agent image carries only the agent jar");
        assertEquals(List.of("busybox:1.37"), agent.baseImages());

        Dockerfile c = files.get("Dockerfile.collector");
        assertEquals(List.of("egressguard"), c.execArray("ENTRYPOINT"));
        List<String> cmd = c.execArray("CMD");
        assertEquals(List.of("drain", "--follow"), cmd);
        assertTrue(c.copies().stream().anyMatch(x -> x[0].equals("docker/egressguard") && x[1].equals("/usr/local/bin/egressguard")),
                "the ENTRYPOINT is the wrapper script, on the PATH");
        Map<String, String> env = c.env();
        assertTrue(c.copies().stream().anyMatch(x -> x[0].equals("collector/target/egressguard-collector.jar") && x[1].equals(env.get("COLLECTOR_JAR"))),
                "COLLECTOR_JAR names where the collector jar is copied: " + env);
        assertEquals(Set.of("COLLECTOR_JAR", "COLLECTOR_QUEUE", "COLLECTOR_STORE"), env.keySet());
        assertWrapperReads(env.keySet());
        StoreUrl store = StoreUrl.parse(env.get("COLLECTOR_STORE"));
        assertEquals("sqlite", store.scheme(), "SQLite by default");
        List<String> volumes = c.execArray("VOLUME");
        assertTrue(volumes.contains(env.get("COLLECTOR_QUEUE")), "the queue is a volume: " + volumes);
        assertTrue(volumes.contains(store.sqlitePath().getParent().toString()), "the database directory is a volume: " + volumes);
        assertTrue(c.all("USER").get(0).matches("[1-9][0-9]*:[1-9][0-9]*"), "runs as a non-root uid:gid");
        String health = c.all("HEALTHCHECK").get(0);
        assertTrue(health.contains("CMD egressguard drain --status"), health);
        assertEquals(List.of(), collector.check("Dockerfile.collector HEALTHCHECK", health));
        assertEquals(List.of(), collector.check("Dockerfile.collector CMD", "egressguard " + String.join(" ", cmd)));

        Dockerfile example = files.get("Dockerfile.example");
        assertEquals(List.of("java", "-jar", "/app/phone-home.jar"), example.execArray("CMD"));
        assertTrue(example.copies().stream().anyMatch(x -> x[0].equals("examples/phone-home/target/phone-home.jar") && x[1].equals("/app/phone-home.jar")));
        assertEquals(c.all("USER"), example.all("USER"), "app and collector share the uid (journals are owner-only)");
    }

    private static void assertPinned(String where, String image) {
        assertTrue(image.matches("[a-z0-9./-]+:[A-Za-z0-9._-]+") && !image.endsWith(":latest"),
                where + ": image " + image + " must name a pinned tag");
        if (image.startsWith("egressguard/")) {
            assertTrue(image.endsWith(":" + version()), where + ": our image " + image + " must carry the project version " + version());
        }
    }

    private static void assertWrapperReads(Set<String> variables) throws Exception {
        String wrapper = Files.readString(DOCKER.resolve("egressguard"));
        for (String v : variables) {
            assertTrue(wrapper.contains("${" + v + ":-"), "docker/egressguard does not read " + v);
        }
    }

    // ---------------------------------------------------------------- the wrapper

    @Test
    void theWrapperAddsOnlyOptionsThoseCommandsHave() throws Exception {
        String wrapper = Files.readString(DOCKER.resolve("egressguard"));
        Matcher arm = Pattern.compile("(?m)^\\s+([a-z|]+)\\)\\n((?:\\s+has_option.*\\n)+)").matcher(wrapper);
        int arms = 0;
        while (arm.find()) {
            arms++;
            for (String command : arm.group(1).split("\\|")) {
                assertTrue(collector.isCommand(command), "docker/egressguard handles '" + command + "', which is no collector command");
                Matcher added = Pattern.compile("has_option (--[a-z-]+)").matcher(arm.group(2));
                while (added.find()) {
                    assertTrue(collector.hasOption(command, added.group(1)), "docker/egressguard adds " + added.group(1) + " to " + command + ", which has no such option");
                }
            }
        }
        assertEquals(3, arms, "drain, tail and the store readers");
        assertTrue(wrapper.contains("exec java ${COLLECTOR_JAVA_OPTS:-} -jar \"$JAR\" \"$@\""), "the wrapper runs the jar with the arguments");
    }

    // ---------------------------------------------------------------- compose

    @Test
    void composeWiresAgentAppCollectorAndPostgres() throws Exception {
        JsonNode compose = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        Set<String> volumes = names(compose.get("volumes"));
        Map<String, String> builtBy = new HashMap<>();
        for (Map.Entry<String, JsonNode> s : (Iterable<Map.Entry<String, JsonNode>>) services::fields) {
            JsonNode service = s.getValue();
            String image = service.path("image").asText();
            assertPinned("compose service " + s.getKey(), image);
            if (service.has("build")) {
                Path context = DOCKER.resolve(service.at("/build/context").asText()).normalize();
                assertEquals(REPO, context, s.getKey() + ": build context is the repository root");
                String dockerfile = service.at("/build/dockerfile").asText();
                assertTrue(Files.isRegularFile(context.resolve(dockerfile)), s.getKey() + ": " + dockerfile + " missing");
                builtBy.put(image, dockerfile);
            } else {
                assertTrue(!image.startsWith("egressguard/"), s.getKey() + ": our image " + image + " must be built here");
            }
            for (JsonNode v : service.path("volumes")) {
                String name = v.asText().split(":")[0];
                assertTrue(volumes.contains(name), s.getKey() + ": volume " + name + " is not declared");
            }
            for (String dep : (Iterable<String>) () -> service.path("depends_on").fieldNames()) {
                assertTrue(services.has(dep), s.getKey() + " depends on unknown service " + dep);
            }
        }
        assertEquals(Map.of("egressguard/agent:" + version(), "docker/Dockerfile.agent", "egressguard/collector:" + version(),
                "docker/Dockerfile.collector", "egressguard/example-phone-home:" + version(), "docker/Dockerfile.example"), builtBy);

        // agent: the image's CMD copies the jar into the volume mounted where the app finds it
        Dockerfile agentImage = dockerfiles().get("Dockerfile.agent");
        List<String> cp = agentImage.execArray("CMD");
        assertEquals("cp", cp.get(0));
        assertEquals(agentImage.copies().get(0)[1], cp.get(1), "the init copy reads the jar the image carries");
        Map<String, String> agentMounts = mounts(services.get("agent"));
        String agentVolume = volumeHolding(agentMounts, cp.get(2), "compose agent service");

        JsonNode app = services.get("app");
        Map<String, String> appEnv = env(app.get("environment"));
        AgentAttach attach = attach("compose app", appEnv, Map.of());
        assertEquals(agentVolume, volumeHolding(mounts(app), attach.jar, "compose app"), "the app mounts the volume the agent was copied into");
        assertEquals(cp.get(2), attach.jar, "JAVA_TOOL_OPTIONS points at the copied jar");
        String appJournal = volumeHolding(mounts(app), attach.queue, "compose app");

        JsonNode col = services.get("collector");
        Map<String, String> colEnv = env(col.get("environment"));
        assertWrapperReads(colEnv.keySet());
        assertEquals(appJournal, volumeHolding(mounts(col), colEnv.get("COLLECTOR_QUEUE"), "compose collector"),
                "the collector drains the volume the app journals into");
        StoreUrl store = StoreUrl.parse(colEnv.get("COLLECTOR_STORE"));
        assertEquals("postgresql", store.scheme());
        Matcher url = Pattern.compile("postgresql://([^:@]+):([^@]+)@([^:/]+):(\\d+)/(\\w+)").matcher(colEnv.get("COLLECTOR_STORE"));
        assertTrue(url.matches(), colEnv.get("COLLECTOR_STORE"));
        JsonNode pg = services.get(url.group(3));
        assertTrue(pg != null && pg.path("image").asText().startsWith("postgres:"), "the store host is the postgres service");
        assertEquals("5432", url.group(4), "PostgreSQL's port");
        Map<String, String> pgEnv = env(pg.get("environment"));
        assertEquals(List.of(url.group(1), url.group(2), url.group(5)),
                List.of(pgEnv.get("POSTGRES_USER"), pgEnv.get("POSTGRES_PASSWORD"), pgEnv.get("POSTGRES_DB")), "store URL and database agree");
        assertEquals("service_healthy", col.at("/depends_on/postgres/condition").asText());
        assertEquals(app.path("user").asText(), col.path("user").asText(), "app and collector share the uid");
        assertTrue(col.path("user").asText().startsWith(dockerfiles().get("Dockerfile.collector").all("USER").get(0).split(":")[0] + ":"));

        String text = Files.readString(DOCKER.resolve("docker-compose.yml"));
        assertTrue(text.contains("exec collector egressguard report"), "the compose file says how to see the report");
        assertEquals(List.of(), collector.check("docker-compose.yml", text));
    }

    // ---------------------------------------------------------------- the end-to-end test's networking

    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(?![\\d.])");

    /**
     * docker/ci/e2e.sh runs the stack with no route out: the fake internet has only its loopback and
     * every other service joins its namespace; the user's compose file carries no networking of the
     * test's, and no file of the test names an address outside 127.0.0.0/8.
     */
    @Test
    void theEndToEndTestKeepsEveryPacketOnOneLoopback() throws Exception {
        JsonNode user = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile());
        JsonNode offline = YAML.readTree(DOCKER.resolve("ci/compose.offline.yml").toFile());
        for (JsonNode file : List.of(user, offline)) {
            assertTrue(!file.has("networks"), "no network of its own");
            for (Map.Entry<String, JsonNode> s : (Iterable<Map.Entry<String, JsonNode>>) file.get("services")::fields) {
                for (String key : List.of("networks", "ports", "extra_hosts", "dns")) {
                    assertTrue(!s.getValue().has(key), s.getKey() + ": " + key);
                }
            }
        }
        for (String service : List.of("agent", "app", "collector", "postgres")) {
            assertTrue(!user.at("/services/" + service).has("network_mode"), "the user's compose file keeps its networking: " + service);
            String mode = offline.at("/services/" + service + "/network_mode").asText();
            assertTrue(mode.equals("none") || mode.equals("service:fake-internet"), service + ": network_mode " + mode);
        }
        assertEquals("none", offline.at("/services/fake-internet/network_mode").asText());
        // read-only root file systems where they fit (e2e.sh checks them on the running containers)
        for (String service : List.of("agent", "app", "collector")) {
            assertTrue(user.at("/services/" + service + "/read_only").asBoolean(), service + ": read_only");
        }
        try (Stream<Path> files = Files.walk(DOCKER.resolve("ci"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher ip = IPV4.matcher(Files.readString(f));
                while (ip.find()) {
                    assertEquals("127", ip.group(1), f + " names " + ip.group() + ": tests use loopback addresses only");
                }
            }
        }
        for (String line : Files.readAllLines(DOCKER.resolve("ci/hosts"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertTrue(line.startsWith("127."), "hosts: " + line);
            }
        }
        // the README's compose lines are the ones e2e.sh runs: it finds them by these shapes
        String readme = Files.readString(REPO.resolve("README.md"));
        for (String verb : List.of("up --build -d", "run --rm --no-deps app java -jar /app/http-client.jar",
                "exec collector egressguard report", "down -v")) {
            assertTrue(readme.contains("\ndocker compose -p egressguard-demo -f docker/docker-compose.yml " + verb + "\n"), verb);
        }
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void kubernetesPodCopiesTheAgentSetsTheVariableAndRunsTheCollectorBeside() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCKER.resolve("k8s"))) {
            for (Path f : files.sorted().toList()) {
                docs.addAll(yamlDocuments(f));
                assertEquals(List.of(), collector.check("k8s/" + f.getFileName(), Files.readString(f)));
            }
        }
        JsonNode deployment = kind(docs, "Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        assertTrue(pod.path("shareProcessNamespace").asBoolean(), "one PID namespace, or retention takes live journals for gone");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        for (JsonNode v : pod.get("volumes")) {
            volumes.put(v.get("name").asText(), v);
        }
        for (JsonNode c : concat(pod.get("initContainers"), pod.get("containers"))) {
            assertPinned("k8s container " + c.get("name").asText(), c.get("image").asText());
            for (JsonNode m : c.path("volumeMounts")) {
                assertTrue(volumes.containsKey(m.get("name").asText()), "undeclared volume " + m.get("name"));
            }
        }
        JsonNode init = pod.get("initContainers").get(0);
        assertEquals("egressguard/agent:" + version(), init.get("image").asText());
        List<String> cp = strings(init.get("command"));
        assertEquals(List.of("cp", dockerfiles().get("Dockerfile.agent").copies().get(0)[1]), cp.subList(0, 2));
        String agentVolume = volumeHolding(k8sMounts(init), cp.get(2), "k8s init container");
        assertTrue(volumes.get(agentVolume).has("emptyDir"), "the agent goes into an emptyDir");

        JsonNode app = container(pod, "app");
        Map<String, String> appEnv = new HashMap<>();
        for (JsonNode e : app.get("env")) {
            appEnv.put(e.get("name").asText(), e.get("value").asText());
        }
        AgentAttach attach = attach("k8s app", appEnv, Map.of());
        assertEquals(cp.get(2), attach.jar);
        assertEquals(agentVolume, volumeHolding(k8sMounts(app), attach.jar, "k8s app"));
        String journal = volumeHolding(k8sMounts(app), attach.queue, "k8s app");

        // the policy the app reads is the ConfigMap's, and it loads
        String policyPath = appEnv.get("EGRESSGUARD_POLICY");
        String policyVolume = volumeHolding(k8sMounts(app), policyPath, "k8s app");
        JsonNode configMap = kind(docs, "ConfigMap");
        assertEquals(configMap.at("/metadata/name").asText(), volumes.get(policyVolume).at("/configMap/name").asText());
        String key = Paths.get(policyPath).getFileName().toString();
        Path policy = Files.writeString(tmp.resolve(key), configMap.at("/data/" + key).asText());
        PolicyLoader.load(policy);

        JsonNode sidecar = container(pod, "egressguard-collector");
        assertEquals("egressguard/collector:" + version(), sidecar.get("image").asText());
        List<String> args = strings(sidecar.get("args"));
        assertEquals(List.of(), collector.check("k8s collector args", "egressguard " + String.join(" ", args)));
        assertEquals("drain", args.get(0));
        Map<String, String> colEnv = new HashMap<>();
        for (JsonNode e : sidecar.get("env")) {
            colEnv.put(e.get("name").asText(), e.path("value").asText(null));
        }
        assertWrapperReads(colEnv.keySet());
        assertEquals(journal, volumeHolding(k8sMounts(sidecar), colEnv.get("COLLECTOR_QUEUE"), "k8s collector"));

        JsonNode netpol = kind(docs, "NetworkPolicy");
        assertEquals(deployment.at("/spec/template/metadata/labels/app").asText(), netpol.at("/spec/podSelector/matchLabels/app").asText());
        assertTrue(netpol.toString().contains("\"port\":5432"), "egress to PostgreSQL's port");
        String comment = Files.readString(DOCKER.resolve("k8s/app-with-egressguard.yaml"));
        Matcher secret = Pattern.compile("--from-literal=url='([^']+)'").matcher(comment);
        assertTrue(secret.find());
        assertEquals("postgresql", StoreUrl.parse(secret.group(1)).scheme());
    }

    // ---------------------------------------------------------------- systemd

    /** The directives the unit may use: a typo in a name (systemd only warns about it) fails here. */
    private static final Map<String, Set<String>> SYSTEMD = Map.of(
            "Unit", Set.of("Description", "Documentation", "After", "Before", "Wants", "Requires", "PartOf", "ConditionPathExists"),
            "Service", Set.of("Type", "User", "Group", "Environment", "EnvironmentFile", "ExecStart", "ExecStartPre", "ExecReload",
                    "KillSignal", "KillMode", "TimeoutStopSec", "Restart", "RestartSec", "WorkingDirectory", "NoNewPrivileges",
                    "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices", "ReadWritePaths", "ReadOnlyPaths", "UMask",
                    "CapabilityBoundingSet", "AmbientCapabilities", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
                    "ProtectControlGroups", "ProtectClock", "ProtectHostname", "RestrictNamespaces", "RestrictRealtime",
                    "RestrictSUIDSGID", "LockPersonality", "RemoveIPC", "SystemCallArchitectures", "SystemCallFilter",
                    "RestrictAddressFamilies", "MemoryDenyWriteExecute", "ProtectProc", "StateDirectory"),
            "Install", Set.of("WantedBy"));

    @Test
    void systemdUnitRunsTheWrapperInAHardenedSandboxThatMayWriteQueueAndDatabase() throws Exception {
        Path unitFile = DOCKER.resolve("systemd/egressguard-collector.service");
        Map<String, List<String>> unit = new LinkedHashMap<>();
        String section = null;
        int n = 0;
        for (String line : Files.readAllLines(unitFile)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("[")) {
                section = t.substring(1, t.length() - 1);
                assertTrue(SYSTEMD.containsKey(section), "line " + n + ": unknown section " + t);
                continue;
            }
            int eq = t.indexOf('=');
            assertTrue(eq > 0, "line " + n + ": not key=value: " + t);
            String key = t.substring(0, eq);
            assertTrue(section != null && SYSTEMD.get(section).contains(key), unitFile.getFileName() + ":" + n + ": unknown directive " + key + " in [" + section + "]");
            unit.computeIfAbsent(key, k -> new ArrayList<>()).add(t.substring(eq + 1));
        }
        Map<String, String> hardening = Map.of("ProtectSystem", "strict", "NoNewPrivileges", "yes", "PrivateTmp", "yes", "ProtectHome", "yes",
                "PrivateDevices", "yes", "CapabilityBoundingSet", "", "RestrictSUIDSGID", "yes", "UMask", "0077");
        hardening.forEach((k, v) -> assertEquals(List.of(v), unit.get(k), k));
        assertTrue(!unit.containsKey("MemoryDenyWriteExecute") && !unit.containsKey("ProtectProc"), "the JIT needs W+X; retention needs to see the apps' processes");

        Map<String, String> env = new HashMap<>();
        for (String e : unit.get("Environment")) {
            env.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        assertWrapperReads(env.keySet());
        String exec = unit.get("ExecStart").get(0);
        assertEquals(List.of(), collector.check("ExecStart", exec));
        assertTrue(exec.endsWith("egressguard drain --follow"), exec);
        List<String> rw = List.of(unit.get("ReadWritePaths").get(0).split("\\s+"));
        assertTrue(rw.contains(env.get("COLLECTOR_QUEUE")), "retention deletes drained journal files: the queue is writable");
        assertTrue(rw.contains(StoreUrl.parse(env.get("COLLECTOR_STORE")).sqlitePath().getParent().toString()), "the SQLite directory is writable");

        // the install lines in the header put each file where the unit expects it
        String text = Files.readString(unitFile);
        Matcher install = Pattern.compile("install -D -m \\d+ (\\S+) (\\S+)").matcher(text);
        Map<String, String> installed = new HashMap<>();
        while (install.find()) {
            assertTrue(Files.isRegularFile(REPO.resolve(install.group(1))), "installs " + install.group(1) + ", which the build does not make");
            installed.put(install.group(2), install.group(1));
        }
        assertEquals("docker/egressguard", installed.get(exec.split("\\s+")[0]), "ExecStart runs the installed wrapper");
        assertEquals("collector/target/egressguard-collector.jar", installed.get(env.get("COLLECTOR_JAR")));
        AgentAttach attach = attach("systemd header", Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/opt/egressguard/egressguard-agent.jar",
                "EGRESSGUARD_QUEUE", env.get("COLLECTOR_QUEUE")), Map.of());
        assertTrue(text.contains("Environment=JAVA_TOOL_OPTIONS=-javaagent:" + attach.jar) && text.contains("Environment=EGRESSGUARD_QUEUE=" + attach.queue));
    }

    // ---------------------------------------------------------------- README and docs

    @Test
    void theReadmesCommandsOptionsAndVariablesExist() throws Exception {
        for (String file : List.of("README.md", "docs/forensics.md", "docs/events.md", "demo.sh", "docker/run-without-docker.sh")) {
            String text = Files.readString(REPO.resolve(file));
            assertEquals(List.of(), collector.check(file, text));
            Matcher var = Pattern.compile("\\bEGRESSGUARD_[A-Z][A-Z_]*").matcher(text);
            while (var.find()) {
                String name = var.group();
                assertEquals(List.of(), AgentConfig.resolve("", new Properties(), Map.of(name, "x")).warnings().stream()
                        .filter(w -> w.startsWith("unknown")).toList(), file + " names " + name);
            }
            Matcher agent = Pattern.compile("-javaagent:\\S*egressguard-agent\\.jar=([a-z.=,/_-]+)").matcher(text);
            while (agent.find()) {
                String args = agent.group(1).replaceAll("[,.]$", "");
                assertEquals(List.of(), AgentConfig.resolve(args, new Properties(), Map.of()).warnings().stream()
                        .filter(w -> w.startsWith("unknown") || w.contains("not key=value")).toList(), file + ": " + args);
            }
        }
        assertTrue(collector.count(Files.readString(REPO.resolve("README.md"))) >= 10, "the README's collector commands were found");
    }

    // ---------------------------------------------------------------- the checker itself

    @Test
    void theCheckersCatchTypos() throws Exception {
        assertEquals(1, collector.check("x", "egressguard reprot --store sqlite:x").size(), "a mistyped command");
        assertEquals(1, collector.check("x", "egressguard drain --folow").size(), "a mistyped option");
        assertEquals(1, collector.check("x", "egressguard policy suggest --sinse 7d").size(), "a mistyped option of a nested command");
        assertEquals(0, collector.check("x", "egressguard policy suggest --since 7d --out p.yaml").size(), "a nested command's options");
        assertEquals(0, collector.check("x", "the egressguard collector (drains journals)").size(), "prose");
        AssertionError bad = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> attach("x", Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/a/egressguard-agent.jar=queu=/q"), Map.of()));
        assertTrue(bad.getMessage().contains("queu"), bad.getMessage());
        bad = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> attach("x", Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/a/egressguard-agent.jar", "EGRESSGUARD_QUEU", "/q"), Map.of()));
        assertTrue(bad.getMessage().contains("EGRESSGUARD_QUEU"), bad.getMessage());
        bad = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> attach("x", Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/a/egressguard-agnet.jar"), Map.of()));
        assertTrue(bad.getMessage().contains("egressguard-agnet.jar"), bad.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    /** How a JVM is attached: the agent jar and the queue it ends up with, checked by the agent's own option parser. */
    record AgentAttach(String jar, String queue) {
    }

    static AgentAttach attach(String where, Map<String, String> env, Map<String, String> props) {
        String jto = env.get("JAVA_TOOL_OPTIONS");
        assertTrue(jto != null, where + ": no JAVA_TOOL_OPTIONS");
        Matcher m = JAVAAGENT.matcher(jto);
        assertTrue(m.find(), where + ": JAVA_TOOL_OPTIONS has no -javaagent: " + jto);
        String jar = m.group(1);
        assertEquals("egressguard-agent.jar", Paths.get(jar).getFileName().toString(), where + ": the agent jar is egressguard-agent.jar, not " + jar);
        Properties p = new Properties();
        p.putAll(props);
        AgentConfig config = AgentConfig.resolve(m.group(2), p, env);
        assertEquals(List.of(), config.warnings(), where + ": the agent would warn");
        String queue = config.path(io.egressguard.agent.config.Options.QUEUE, p);
        assertTrue(queue.startsWith("/"), where + ": set the queue explicitly (default " + queue + ")");
        return new AgentAttach(jar, queue);
    }

    /** The volume whose mount point holds {@code path}. */
    private static String volumeHolding(Map<String, String> mounts, String path, String where) {
        String best = null;
        for (Map.Entry<String, String> e : mounts.entrySet()) {
            if ((path + "/").startsWith(e.getKey() + "/") && (best == null || e.getKey().length() > best.length())) {
                best = e.getKey();
            }
        }
        assertTrue(best != null, where + ": " + path + " is on no mounted volume (" + mounts + ")");
        return mounts.get(best);
    }

    /** compose: mount point → volume name. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    private static Map<String, String> k8sMounts(JsonNode container) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode m : container.path("volumeMounts")) {
            out.put(m.get("mountPath").asText(), m.get("name").asText());
        }
        return out;
    }

    private static Map<String, String> env(JsonNode env) {
        Map<String, String> out = new HashMap<>();
        env.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode container(JsonNode pod, String name) {
        for (JsonNode c : pod.get("containers")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in docker/k8s"));
    }

    private static List<JsonNode> yamlDocuments(Path file) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> concat(JsonNode a, JsonNode b) {
        List<JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        b.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new java.util.HashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static Map<String, Dockerfile> dockerfiles() throws Exception {
        Map<String, Dockerfile> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DOCKER)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("Dockerfile")).sorted().toList()) {
                out.put(f.getFileName().toString(), Dockerfile.parse(f));
            }
        }
        return out;
    }
}
