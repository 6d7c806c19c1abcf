package io.siyu.jobs.config;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.Map;

/**
 * Every setting of the jobs, read once from {@code conf/<env>.yaml} plus command-line overrides
 * (see {@link ConfigLoader}) and passed down; functions never read string keys themselves.
 */
public record JobConfig(
    KafkaConfig kafka,
    ClickHouseConfig clickhouse,
    ValidationConfig validation,
    WatermarkConfig watermarks,
    CheckpointConfig checkpoints,
    ProfileConfig profile,
    Map<String, CampaignConfig> campaigns,
    JourneysConfig journeys,
    BiConfig bi,
    String timeZone,
    int parallelism)
    implements Serializable {

  public JobConfig {
    campaigns = campaigns == null ? Map.of() : Map.copyOf(campaigns);
    bi = bi == null ? BiConfig.defaults() : bi;
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** The same configuration with these journey settings (the loader adds the definitions). */
  public JobConfig withJourneys(JourneysConfig j) {
    return new JobConfig(
        kafka,
        clickhouse,
        validation,
        watermarks,
        checkpoints,
        profile,
        campaigns,
        j,
        bi,
        timeZone,
        parallelism);
  }

  /** Fails fast, naming the setting to fix, when a value cannot work. */
  public JobConfig validate() {
    ConfigException.require(kafka != null, "kafka", "section is missing");
    ConfigException.require(clickhouse != null, "clickhouse", "section is missing");
    ConfigException.require(validation != null, "validation", "section is missing");
    ConfigException.require(watermarks != null, "watermarks", "section is missing");
    ConfigException.require(checkpoints != null, "checkpoints", "section is missing");
    ConfigException.require(profile != null, "profile", "section is missing");
    ConfigException.require(journeys != null, "journeys", "section is missing");
    try {
      ZoneId.of(String.valueOf(timeZone));
    } catch (RuntimeException e) {
      throw new ConfigException(
          "time-zone", "'" + timeZone + "' is not a time zone id such as Asia/Shanghai");
    }
    ConfigException.require(
        parallelism >= 0, "parallelism", "must be >= 0 (0: the cluster default)");
    kafka.validate();
    clickhouse.validate();
    validation.validate();
    watermarks.validate();
    checkpoints.validate();
    profile.validate();
    campaigns.forEach((id, campaign) -> campaign.validate(id));
    journeys.validate(campaigns.keySet());
    bi.validate();
    return this;
  }
}
