package io.siyu.jobs;

import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.journey.JourneyStreams;
import io.siyu.jobs.profile.CustomerKey;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.profile.ProfileFunction;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.udf.PhoneHasher;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The main job (the job jar's entry point): ingestion, the customer profile and the customer
 * journeys in one Flink job, so every record is parsed once. {@code flink run siyu-jobs-job.jar
 * --config conf/x.yaml}.
 */
public final class SiyuJob {
  private SiyuJob() {}

  /** Wires the production pipelines into {@code env}. */
  public static void attachProduction(
      StreamExecutionEnvironment env, JobConfig config, PhoneHasher phoneHasher) {
    DataStream<CustomerEvent> events = IngestJob.production(config, phoneHasher).attachTo(env);
    SingleOutputStreamOperator<ProfileUpdate> profiles =
        ProfileJob.production(config).attachTo(events);
    attachJourneys(JourneyJob.production(config), events, profiles);
  }

  /**
   * The journeys' inputs, in one place. Until identity resolution (OneID) is merged, the canonical
   * customer id is the strongest id of the event ({@link CustomerKey}) and the lifecycle changes
   * come from the profile; the resolver's output replaces these two streams.
   */
  public static JourneyStreams attachJourneys(
      JourneyJob journeys,
      DataStream<CustomerEvent> events,
      SingleOutputStreamOperator<ProfileUpdate> profiles) {
    DataStream<ResolvedEvent> resolved =
        events
            .map(new StrongestIdResolver())
            .uid("journey-resolve-strongest-id")
            .name("journeys: customer id (strongest id until OneID)");
    DataStream<LifecycleTransition> transitions =
        profiles.getSideOutput(ProfileFunction.TRANSITIONS);
    return journeys.attachTo(resolved, transitions);
  }

  /** The stand-in for identity resolution: the event's strongest id. */
  private static final class StrongestIdResolver
      implements MapFunction<CustomerEvent, ResolvedEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public ResolvedEvent map(CustomerEvent e) {
      return new ResolvedEvent(CustomerKey.of(e.header().ids()), e);
    }
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
