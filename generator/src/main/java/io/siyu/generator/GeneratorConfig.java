package io.siyu.generator;

import java.time.Duration;
import java.time.Instant;

/**
 * What to generate: how many customers and records, the seed that makes a run reproducible, the
 * simulated time span the records cover, the shares of deliberately bad records, and where they go.
 * Build one from {@link #defaults()} and the {@code with...} methods.
 *
 * @param customers size of the customer population (not all of them need to appear)
 * @param events total records to produce, including malformed records and duplicates
 * @param seed the same seed and config give byte-identical records
 * @param startTime epoch millis UTC at which the simulated clock starts
 * @param span simulated time the records are spread over (the clock ends near start + span)
 * @param malformedShare share of records that the parser must reject (exact count, rounded)
 * @param outOfOrderShare share of valid records whose {@code ts} lags the clock by up to 10 min
 * @param duplicateShare share of records that re-send an earlier valid record byte for byte
 * @param ratePerSecond wall-clock throttle for writers (records per second), 0 = unthrottled
 * @param scanTopic Kafka topic of the scan stream
 * @param purchaseTopic Kafka topic of the purchase stream
 * @param interactionTopic Kafka topic of the interaction stream
 */
public record GeneratorConfig(
    int customers,
    long events,
    long seed,
    long startTime,
    Duration span,
    double malformedShare,
    double outOfOrderShare,
    double duplicateShare,
    double ratePerSecond,
    String scanTopic,
    String purchaseTopic,
    String interactionTopic) {

  /** The parser rejects event times before this instant (BAD_TIMESTAMP). */
  public static final long MIN_EVENT_TIME = Instant.parse("2015-01-01T00:00:00Z").toEpochMilli();

  /** Default start of simulated time. */
  public static final long DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  /** How far an out-of-order record's {@code ts} may lag the simulated clock. */
  public static final long MAX_LATENESS_MS = Duration.ofMinutes(10).toMillis();

  public GeneratorConfig {
    if (customers < 1 || customers > Ids.MAX_CUSTOMERS) {
      throw new IllegalArgumentException("customers must be within 1.." + Ids.MAX_CUSTOMERS);
    }
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0");
    }
    if (span == null || span.toMillis() < 1) {
      throw new IllegalArgumentException("span must be at least 1 ms");
    }
    // An out-of-order record lags by up to 10 minutes; it must still be after the minimum.
    if (startTime < MIN_EVENT_TIME + MAX_LATENESS_MS) {
      throw new IllegalArgumentException("startTime must be after 2015-01-01T00:10:00Z");
    }
    requireShare("malformedShare", malformedShare);
    requireShare("outOfOrderShare", outOfOrderShare);
    requireShare("duplicateShare", duplicateShare);
    if (malformedShare + duplicateShare > 0.9) {
      throw new IllegalArgumentException("malformedShare + duplicateShare must be <= 0.9");
    }
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be >= 0");
    }
    requireTopic("scanTopic", scanTopic);
    requireTopic("purchaseTopic", purchaseTopic);
    requireTopic("interactionTopic", interactionTopic);
  }

  /** 10,000 customers, 100,000 records, seed 42, 30 days from 2026-01-01, 2% malformed. */
  public static GeneratorConfig defaults() {
    return new GeneratorConfig(
        10_000,
        100_000,
        42L,
        DEFAULT_START,
        Duration.ofDays(30),
        0.02,
        0.05,
        0.01,
        0,
        Streams.SCAN,
        Streams.PURCHASE,
        Streams.INTERACTION);
  }

  public GeneratorConfig withCustomers(int n) {
    return new GeneratorConfig(
        n,
        events,
        seed,
        startTime,
        span,
        malformedShare,
        outOfOrderShare,
        duplicateShare,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withEvents(long n) {
    return new GeneratorConfig(
        customers,
        n,
        seed,
        startTime,
        span,
        malformedShare,
        outOfOrderShare,
        duplicateShare,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withSeed(long s) {
    return new GeneratorConfig(
        customers,
        events,
        s,
        startTime,
        span,
        malformedShare,
        outOfOrderShare,
        duplicateShare,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withStartTime(long epochMillis) {
    return new GeneratorConfig(
        customers,
        events,
        seed,
        epochMillis,
        span,
        malformedShare,
        outOfOrderShare,
        duplicateShare,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withSpan(Duration d) {
    return new GeneratorConfig(
        customers,
        events,
        seed,
        startTime,
        d,
        malformedShare,
        outOfOrderShare,
        duplicateShare,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  /** The span as (possibly fractional) days, e.g. 0.5 for twelve hours. */
  public GeneratorConfig withDays(double days) {
    return withSpan(Duration.ofMillis(Math.round(days * 86_400_000d)));
  }

  public GeneratorConfig withMalformedShare(double share) {
    return new GeneratorConfig(
        customers,
        events,
        seed,
        startTime,
        span,
        share,
        outOfOrderShare,
        duplicateShare,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withOutOfOrderShare(double share) {
    return new GeneratorConfig(
        customers,
        events,
        seed,
        startTime,
        span,
        malformedShare,
        share,
        duplicateShare,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withDuplicateShare(double share) {
    return new GeneratorConfig(
        customers,
        events,
        seed,
        startTime,
        span,
        malformedShare,
        outOfOrderShare,
        share,
        ratePerSecond,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withRatePerSecond(double rate) {
    return new GeneratorConfig(
        customers,
        events,
        seed,
        startTime,
        span,
        malformedShare,
        outOfOrderShare,
        duplicateShare,
        rate,
        scanTopic,
        purchaseTopic,
        interactionTopic);
  }

  public GeneratorConfig withTopics(String scan, String purchase, String interaction) {
    return new GeneratorConfig(
        customers,
        events,
        seed,
        startTime,
        span,
        malformedShare,
        outOfOrderShare,
        duplicateShare,
        ratePerSecond,
        scan,
        purchase,
        interaction);
  }

  /** The topic of a stream name ({@code scan}, {@code purchase} or {@code interaction}). */
  public String topicFor(String stream) {
    return switch (stream) {
      case Streams.SCAN -> scanTopic;
      case Streams.PURCHASE -> purchaseTopic;
      case Streams.INTERACTION -> interactionTopic;
      default -> throw new IllegalArgumentException("unknown stream " + stream);
    };
  }

  /** Average records per simulated second (the clock also follows a daily rhythm). */
  public double eventsPerSimSecond() {
    return events / (span.toMillis() / 1000.0);
  }

  private static void requireShare(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1");
    }
  }

  private static void requireTopic(String name, String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
