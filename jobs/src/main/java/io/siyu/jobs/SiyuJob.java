package io.siyu.jobs;

import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.journey.JourneyStreams;
import io.siyu.jobs.profile.CustomerProfileFunction;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.udf.PhoneHasher;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The main job (the job jar's entry point): ingestion, identity resolution, the customer profile
 * and the customer journeys in one Flink job, so every record is parsed once. {@code flink run
 * siyu-jobs-job.jar --config conf/x.yaml}.
 */
public final class SiyuJob {
  private SiyuJob() {}

  /** Wires the production pipelines into {@code env}. */
  public static void attachProduction(
      StreamExecutionEnvironment env, JobConfig config, PhoneHasher phoneHasher) {
    attachCustomerPipelines(
        IngestJob.production(config, phoneHasher).attachTo(env),
        config,
        JourneyJob.production(config));
  }

  /**
   * Everything after ingestion, on {@code events}: production identity resolution and profile, and
   * {@code journeys} (tests pass one with other sinks).
   */
  public static void attachCustomerPipelines(
      DataStream<CustomerEvent> events, JobConfig config, JourneyJob journeys) {
    attachCustomerPipelines(
        events,
        config,
        journeys,
        IdentityJob.production(config),
        ProfileJob.production(config),
        BiJob.production(config));
  }

  /** The same wiring with every stage's sinks chosen by the caller (the benchmark discards). */
  public static void attachCustomerPipelines(
      DataStream<CustomerEvent> events,
      JobConfig config,
      JourneyJob journeys,
      IdentityJob identity,
      ProfileJob profile,
      BiJob bi) {
    IdentityJob.Streams identities = identity.attachTo(events);
    ProfileJob.Streams profiles = profile.attach(identities.messages());
    attachJourneys(journeys, identities, profiles);
    bi.attachTo(profiles.accepted());
  }

  /**
   * The journeys' inputs, in one place: the events with their canonical customer ids (from the
   * identifier histories, which know an event's customer at its moment) and the lifecycle changes,
   * from the profile, and the customers absorbed by merges, from identity resolution.
   */
  public static JourneyStreams attachJourneys(
      JourneyJob journeys, IdentityJob.Streams identities, ProfileJob.Streams profiles) {
    return journeys.attachTo(
        profiles.resolved(),
        profiles.updates().getSideOutput(CustomerProfileFunction.TRANSITIONS),
        identities.merges());
  }

  public static void main(String[] args) throws Exception {
    JobConfig config = ConfigLoader.fromArgs(args);
    PhoneHasher phoneHasher = PhoneHasher.fromEnvironment(System.getenv());
    if (config.clickhouse().applySchemaOnStart()) {
      SchemaApplier.apply(config.clickhouse());
    }
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    attachProduction(env, config, phoneHasher);
    env.execute(config.kafka().bounded() ? "siyu (replay)" : "siyu");
  }
}
