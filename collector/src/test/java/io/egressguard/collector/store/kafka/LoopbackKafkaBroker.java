package io.egressguard.collector.store.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) inside the test JVM, the same
 * server class {@code kafka-server-start.sh} runs. Both listeners bind 127.0.0.1 and the broker
 * advertises 127.0.0.1, so clients only ever connect to (and resolve) a loopback literal. The
 * KafkaClusterTestKit was not used because it pre-binds its sockets on the wildcard address.
 */
final class LoopbackKafkaBroker implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private final Path dir;
    private final KafkaRaftServer server;
    private final int port;

    private LoopbackKafkaBroker(Path dir, KafkaRaftServer server, int port) {
        this.dir = dir;
        this.server = server;
        this.port = port;
    }

    static LoopbackKafkaBroker start() throws Exception {
        Path dir = Files.createTempDirectory("egressguard-kafka");
        // The controller port must be fixed in the voter list, so it is picked up front; the broker
        // port is too, so that the advertised address is a literal known before start-up.
        int brokerPort = freeLoopbackPort();
        int controllerPort = freeLoopbackPort();
        String logDir = dir.resolve("log").toString();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("metadata.log.dir", logDir);
        // One broker: every internal topic (transactions, offsets) must live with a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(formatOutput, true, StandardCharsets.UTF_8))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(logDir)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
        return new LoopbackKafkaBroker(dir, server, brokerPort);
    }

    String bootstrap() {
        return LOOPBACK + ":" + port;
    }

    /** A loopback port nobody listens on once this returns: for the unreachable-broker test. */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
