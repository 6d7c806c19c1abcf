package io.siyu.jobs;

import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.udf.PhoneHasher;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The main job (the job jar's entry point): ingestion, identity resolution and the customer profile
 * in one Flink job, so every record is parsed once. {@code flink run siyu-jobs-job.jar --config
 * conf/x.yaml}.
 */
public final class SiyuJob {
  private SiyuJob() {}

  /** Wires the production pipelines into {@code env}. */
  public static void attachProduction(
      StreamExecutionEnvironment env, JobConfig config, PhoneHasher phoneHasher) {
    DataStream<CustomerEvent> events = IngestJob.production(config, phoneHasher).attachTo(env);
    DataStream<IdentityMessage> identities = IdentityJob.production(config).attachTo(events);
    ProfileJob.production(config).attachTo(identities);
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
