package io.siyu.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside the
 * calling JVM, for the demo and for integration tests.
 *
 * <p>Everything it writes (its {@code server.properties} and its log directory) lives under the
 * directory given to {@link #start(Path)}; its listeners bind to free ports on 127.0.0.1. It is
 * configured for one node (replication factor 1 for the offsets and transaction logs, so that
 * transactional producers and read_committed consumers work) and with automatic topic creation off:
 * create topics with {@link #createTopics(int, String...)}.
 *
 * <p>Starting it again on a directory that a previous instance used keeps the topics and their
 * data; the ports are new each time.
 */
public final class LocalKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private final Path dir;
  private final int brokerPort;
  private final int controllerPort;
  private final KafkaRaftServer server;
  private final Admin admin;
  private boolean closed;

  private LocalKafka(
      Path dir, int brokerPort, int controllerPort, KafkaRaftServer server, Admin admin) {
    this.dir = dir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.server = server;
    this.admin = admin;
  }

  /** Starts a broker whose files all live under {@code dir}, and waits until it answers. */
  public static LocalKafka start(Path dir) {
    return start(dir, Map.of());
  }

  /**
   * Starts a broker like {@link #start(Path)}, with {@code overrides} applied last to its
   * server.properties (for example {@code transaction.max.timeout.ms}).
   */
  public static LocalKafka start(Path dir, Map<String, String> overrides) {
    long startedAt = System.nanoTime();
    Path absolute = dir.toAbsolutePath();
    KafkaLogLevels.apply();
    RuntimeException lastFailure = null;
    // A port picked as free can be taken by someone else before the broker binds it; a new pair
    // of ports on the next attempt makes that race harmless.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int[] ports = FreePorts.pick(2);
      try {
        LocalKafka kafka = startOnce(absolute, ports[0], ports[1], overrides);
        LOG.info(
            "Kafka broker at {} started in {} ms (data in {})",
            kafka.bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
            absolute);
        return kafka;
      } catch (RuntimeException e) {
        if (!causedByBindException(e)) {
          throw e;
        }
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  private static LocalKafka startOnce(
      Path dir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    Properties props = serverProperties(dir, brokerPort, controllerPort, overrides);
    Path propertiesFile = writeServerProperties(dir, props);
    formatStorage(propertiesFile, existingClusterId(dir.resolve("kafka-logs")));

    // KafkaRaftServer is what kafka.Kafka#main builds for process.roles=broker,controller; calling
    // it directly leaves out the main's shutdown hook, signal handlers and System.exit on failure.
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    Admin admin = null;
    try {
      server.startup();
      Map<String, Object> adminConfig = new LinkedHashMap<>();
      adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + brokerPort);
      adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "localstack-admin");
      admin = Admin.create(adminConfig);
      LocalKafka kafka = new LocalKafka(dir, brokerPort, controllerPort, server, admin);
      kafka.awaitReady();
      return kafka;
    } catch (RuntimeException e) {
      if (admin != null) {
        admin.close(Duration.ZERO);
      }
      shutdownQuietly(server);
      throw e;
    }
  }

  static Properties serverProperties(
      Path dir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    // A static voter set (rather than a --standalone dynamic quorum) keeps the controller's
    // address out of the formatted metadata, so a kept directory can be started on new ports.
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("kafka-logs").toString());

    // One node: every internal topic must be satisfiable with a single replica, or transactional
    // producers and consumer groups hang waiting for coordinators.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    // Fewer partitions than the default 50 for the internal topics: they are created on first
    // use, and creating 50 partitions makes the first consumer group or transaction slow.
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("share.coordinator.state.topic.num.partitions", "5");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("auto.create.topics.enable", "false");
    // Keep every record: generated histories carry simulated Kafka timestamps months in the past,
    // which the default 7-day retention deletes at its next check (every 5 minutes) — under a job
    // that has not read them yet.
    p.setProperty("log.retention.ms", "-1");
    // Modest thread pools: this broker serves one developer's demo or one test.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    // After a crash (JVM killed, no controlled shutdown) the restarted broker's new registration
    // waits until the controller has fenced the old one, i.e. one session timeout: 9 s by default.
    // 4 s still leaves eight missed heartbeats of slack on a busy machine.
    p.setProperty("broker.heartbeat.interval.ms", "500");
    p.setProperty("broker.session.timeout.ms", "4000");
    overrides.forEach(p::setProperty);
    return p;
  }

  private static Path writeServerProperties(Path dir, Properties props) {
    Path file = dir.resolve("server.properties");
    StringBuilder text = new StringBuilder("# Written by io.siyu.localstack.LocalKafka\n");
    props.stringPropertyNames().stream()
        .sorted()
        .forEach(key -> text.append(key).append('=').append(props.getProperty(key)).append('\n'));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + dir, e);
    }
    LocalFiles.writeAtomically(file, text.toString());
    return file;
  }

  /** The cluster id of an already formatted log directory, or a new one. */
  private static String existingClusterId(Path logDir) {
    Path meta = logDir.resolve("meta.properties");
    if (Files.isRegularFile(meta)) {
      Properties properties = new Properties();
      try (var in = Files.newInputStream(meta)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read " + meta, e);
      }
      String id = properties.getProperty("cluster.id");
      if (id != null && !id.isBlank()) {
        return id.trim();
      }
    }
    return Uuid.randomUuid().toString();
  }

  /**
   * Formats the log directory as {@code kafka-storage.sh format} does. {@code --ignore-formatted}
   * keeps the data of a directory that is already formatted; it still insists on the directory's
   * own cluster id, hence {@link #existingClusterId}. StorageTool#execute, unlike its main, reports
   * failures by exception instead of calling System.exit.
   */
  private static void formatStorage(Path propertiesFile, String clusterId) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String[] args = {
      "format",
      "--config",
      propertiesFile.toString(),
      "--cluster-id",
      clusterId,
      "--ignore-formatted"
    };
    int exitCode;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode = StorageTool.execute(args, out);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8), e);
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "Formatting Kafka storage failed with code "
              + exitCode
              + ": "
              + output.toString(StandardCharsets.UTF_8));
    }
  }

  /** Waits until the broker answers a describeCluster with itself in the node list. */
  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Kafka", e);
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "Kafka broker at " + bootstrapServers() + " did not answer within " + READY_TIMEOUT, last);
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:41234}. */
  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  /** The port of the broker (PLAINTEXT) listener. */
  public int brokerPort() {
    return brokerPort;
  }

  /** The port of the KRaft controller listener (not for clients). */
  public int controllerPort() {
    return controllerPort;
  }

  /** The directory holding server.properties and the log directory. */
  public Path dir() {
    return dir;
  }

  /**
   * Creates the topics with {@code partitions} partitions and replication factor 1, and waits until
   * every partition has a leader. Topics that already exist are left as they are (whatever their
   * partition count), so calling this twice is harmless.
   */
  public void createTopics(int partitions, String... names) {
    if (names.length == 0) {
      return;
    }
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    CreateTopicsResult result = admin.createTopics(topics);
    for (String name : names) {
      try {
        result.values().get(name).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Could not create topic " + name, e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("Timed out creating topic " + name, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating topic " + name, e);
      }
    }
    awaitLeaders(Arrays.asList(names));
  }

  /**
   * The controller confirms a topic before the broker has loaded it; a producer started in that gap
   * sees UNKNOWN_TOPIC_OR_PARTITION for a while. Waiting here makes the topic usable at once.
   */
  private void awaitLeaders(List<String> names) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
        boolean allLed =
            descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .map(TopicPartitionInfo::leader)
                .allMatch(leader -> leader != null && !leader.isEmpty());
        if (allLed) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("Could not describe topics " + names, e.getCause());
        }
        last = e;
      } catch (TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topics " + names, e);
      }
      sleep(50);
    }
    throw new IllegalStateException("Topics " + names + " got no leader within 30 s", last);
  }

  /** Shuts the broker down and waits until it has stopped. The data directory is kept. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    admin.close(Duration.ofSeconds(5));
    shutdownQuietly(server);
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka broker did not shut down cleanly", e);
    }
  }

  private static boolean causedByBindException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }
}
