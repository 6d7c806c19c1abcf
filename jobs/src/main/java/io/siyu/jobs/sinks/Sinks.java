package io.siyu.jobs.sinks;

import io.siyu.jobs.bi.BiFact;
import io.siyu.jobs.bi.CodeBatch;
import io.siyu.jobs.bi.ScanAlert;
import io.siyu.jobs.bi.StatRow;
import io.siyu.jobs.bi.StatTable;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.JourneysConfig;
import io.siyu.jobs.identity.IdentityLink;
import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.jobs.journey.LateEvent;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.profile.TagChange;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetter;
import io.siyu.jobs.time.LateRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The production sinks, built from configuration. */
public final class Sinks {
  private Sinks() {}

  public static ClickHouseSink<CustomerEvent> events(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new EventsTable(config.zone()));
  }

  public static ClickHouseSink<DeadLetter> deadLetterTable(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new DeadLettersTable());
  }

  // Rows that depend on processing order are written only for completed checkpoints.

  public static ClickHouseCommittingSink<ProfileUpdate> profiles(JobConfig config) {
    return new ClickHouseCommittingSink<>(
        config.clickhouse(), new ProfileTable(), TypeInformation.of(ProfileUpdate.class));
  }

  public static ClickHouseCommittingSink<IdentityLink> identityMap(JobConfig config) {
    return new ClickHouseCommittingSink<>(
        config.clickhouse(), new IdentityMapTable(), TypeInformation.of(IdentityLink.class));
  }

  public static ClickHouseCommittingSink<LifecycleTransition> transitions(JobConfig config) {
    return new ClickHouseCommittingSink<>(
        config.clickhouse(),
        new TransitionsTable(config.zone()),
        TypeInformation.of(LifecycleTransition.class));
  }

  public static ClickHouseCommittingSink<TagChange> tagChanges(JobConfig config) {
    return new ClickHouseCommittingSink<>(
        config.clickhouse(),
        new TagChangesTable(config.zone()),
        TypeInformation.of(TagChange.class));
  }

  /**
   * Exactly once (Kafka transactions committed with each checkpoint; consumers read committed):
   * which profile versions exist depends on processing order, so a failed attempt's uncommitted
   * versions must never be seen — a consumer keeping the highest version could otherwise keep one
   * the replay never produced again.
   */
  public static KafkaSink<ProfileUpdate> profileChangelog(JobConfig config) {
    java.util.Properties producer = config.kafka().clientProperties();
    // Below the broker's transaction.max.timeout.ms (15 min by default); Flink's default is 1 h.
    producer.putIfAbsent("transaction.timeout.ms", "600000");
    return KafkaSink.<ProfileUpdate>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(
            new ProfileUpdateKafkaSerializer(config.kafka().topics().profileUpdates()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.kafka().groupId() + "-profile-updates")
        .build();
  }

  /**
   * At-least-once: dead letters are for people and repair jobs, which can drop duplicates by the
   * record key (source coordinates); they need no transaction latency.
   */
  public static KafkaSink<DeadLetter> deadLetterTopic(JobConfig config) {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setKafkaProducerConfig(config.kafka().clientProperties())
        .setRecordSerializer(new DeadLetterKafkaSerializer(config.kafka().topics().deadLetters()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  public static ClickHouseSink<JourneyTrigger> journeyTriggers(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new JourneyTriggersTable(config.zone()));
  }

  /** {@code late_events}: a pure function of one record each, so at least once is exact. */
  public static ClickHouseSink<LateRecord> lateEvents(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new LateEventsTable());
  }

  public static ClickHouseSink<LateEvent> journeyLateEvents(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new JourneyLateEventsTable());
  }

  /**
   * The campaign-trigger topic. {@code exactly-once} (default): a Kafka transaction per checkpoint,
   * so a read_committed consumer sees each trigger once, when the checkpoint completes. {@code
   * at-least-once}: written at once, a restart may repeat triggers since the last checkpoint; the
   * deterministic {@code trigger_id} lets the campaign system drop them.
   */
  public static KafkaSink<JourneyTrigger> campaignTriggers(JobConfig config) {
    JourneysConfig j = config.journeys();
    boolean exactlyOnce = j.delivery() == JourneysConfig.Delivery.EXACTLY_ONCE;
    var builder =
        KafkaSink.<JourneyTrigger>builder()
            .setBootstrapServers(config.kafka().bootstrapServers())
            .setKafkaProducerConfig(config.kafka().clientProperties())
            .setRecordSerializer(new TriggerKafkaSerializer(j.topic()))
            .setDeliveryGuarantee(
                exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
    if (exactlyOnce) {
      builder
          .setTransactionalIdPrefix(j.transactionalIdPrefix())
          .setProperty("transaction.timeout.ms", String.valueOf(j.transactionTimeout().toMillis()));
    }
    return builder.build();
  }

  // BI (README "BI"). Every row is a function of the input (versioned aggregates, rows keyed by
  // deterministic ids), so at least once is exact.

  public static ClickHouseSink<StatRow> stats(JobConfig config, StatTable table) {
    return new ClickHouseSink<>(config.clickhouse(), new StatsTable(table));
  }

  public static ClickHouseSink<BiFact> paidOrders(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new PaidOrdersTable());
  }

  public static ClickHouseSink<BiFact> customerMonths(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new CustomerMonthsTable(config.zone()));
  }

  public static ClickHouseSink<CodeBatch> codeBatches(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new CodeBatchesTable());
  }

  public static ClickHouseSink<ScanAlert> scanAlertTable(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new ScanAlertsTable(config.zone()));
  }

  /**
   * Exactly once: a Kafka transaction per checkpoint, so a read_committed consumer sees each alert
   * once (the alert_id also lets any consumer drop repeats).
   */
  public static KafkaSink<ScanAlert> scanAlertTopic(JobConfig config) {
    return KafkaSink.<ScanAlert>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setKafkaProducerConfig(config.kafka().clientProperties())
        .setRecordSerializer(new ScanAlertKafkaSerializer(config.bi().alertsTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.bi().alertsTransactionalIdPrefix())
        .setProperty("transaction.timeout.ms", "600000")
        .build();
  }
}
