package io.siyu.generator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the input topics if they are missing, so a fresh local Kafka needs no setup. */
public final class KafkaTopics {
  private static final long TIMEOUT_SECONDS = 60;

  private KafkaTopics() {}

  /**
   * Creates those of {@code topics} that do not exist yet.
   *
   * @return the topics that were created (empty if all existed)
   */
  public static List<String> ensure(
      String bootstrapServers, Collection<String> topics, int partitions, short replication)
      throws IOException {
    Map<String, Object> conf =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    try (Admin admin = Admin.create(conf)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : new LinkedHashSet<>(topics)) {
        if (!existing.contains(t)) {
          missing.add(new NewTopic(t, partitions, replication));
        }
      }
      List<String> created = new ArrayList<>();
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e :
          admin.createTopics(missing).values().entrySet()) {
        try {
          e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(e.getKey());
        } catch (ExecutionException ex) {
          // Another process created it in the meantime: that is fine.
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IOException("cannot create topic " + e.getKey(), ex.getCause());
          }
        }
      }
      return created;
    } catch (ExecutionException e) {
      throw new IOException("cannot list topics at " + bootstrapServers, e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("Kafka at " + bootstrapServers + " did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
