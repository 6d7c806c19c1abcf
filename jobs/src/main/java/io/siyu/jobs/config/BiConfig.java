package io.siyu.jobs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * The BI branch (README "BI"): streaming aggregates, scan alerts and the code-batch dimension.
 *
 * @param allowedLateness how far behind its partition an event may be and still update the window
 *     of its own time (the row is replaced); a later one is counted where it arrived
 * @param codeBatches the code-batch file (CSV, README "Dimension data"); empty for none, then scan
 *     rates are 0 and a scan's issued region is the one it carries
 * @param copiedCodeScanners a code scanned by more distinct customers than this is reported as
 *     copied (suspected counterfeit)
 * @param codeRetention a code's scan state is forgotten after this long without a scan
 * @param alertsTopic the Kafka topic of scan alerts (exactly once)
 * @param alertsTransactionalIdPrefix Kafka transactional-id prefix of the alerts sink
 */
public record BiConfig(
    Duration allowedLateness,
    String codeBatches,
    Integer copiedCodeScanners,
    Duration codeRetention,
    String alertsTopic,
    String alertsTransactionalIdPrefix)
    implements Serializable {

  /** What a configuration without a {@code bi:} section gets. */
  public static BiConfig defaults() {
    return new BiConfig(
        Duration.ofHours(1), "", 3, Duration.ofDays(730), "scan-alerts", "siyu-scan-alerts");
  }

  public BiConfig {
    if (allowedLateness == null) {
      allowedLateness = Duration.ofHours(1);
    }
    if (codeBatches == null) {
      codeBatches = "";
    }
    if (copiedCodeScanners == null) {
      copiedCodeScanners = 3;
    }
    if (codeRetention == null) {
      codeRetention = Duration.ofDays(730);
    }
    if (alertsTopic == null) {
      alertsTopic = "scan-alerts";
    }
    if (alertsTransactionalIdPrefix == null) {
      alertsTransactionalIdPrefix = "siyu-scan-alerts";
    }
  }

  void validate() {
    ConfigException.require(!allowedLateness.isNegative(), "bi.allowed-lateness", "must be >= 0");
    ConfigException.require(copiedCodeScanners >= 1, "bi.copied-code-scanners", "must be >= 1");
    ConfigException.require(codeRetention.toMillis() > 0, "bi.code-retention", "must be > 0");
    ConfigException.require(!alertsTopic.isBlank(), "bi.alerts-topic", "must not be empty");
  }
}
