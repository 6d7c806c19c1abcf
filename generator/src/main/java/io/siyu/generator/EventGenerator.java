package io.siyu.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Produces the records of a run one at a time, so that millions can be streamed to Kafka or files
 * without holding them. Deterministic: the same {@link GeneratorConfig} (seed included) gives the
 * same records, byte for byte. The {@link GroundTruth} is accumulated as records are produced and
 * is complete once {@link #hasNext()} is false.
 *
 * <p>Each record slot is one of: a malformed record (exactly {@code round(events * malformedShare)}
 * of them), a duplicate re-send of one of the last 64 valid records (exactly {@code round(events *
 * duplicateShare)}, except at the very start when there is nothing to re-send yet), or the next
 * valid event of the {@link Simulation}. A valid event is "late" with probability {@code
 * outOfOrderShare}: its {@code ts} lags the simulated clock (its Kafka timestamp) by up to 10
 * minutes, chosen so that it is earlier than the previous record's ts whenever that is within 10
 * minutes.
 *
 * <p>Not thread-safe.
 */
public final class EventGenerator implements Iterator<GeneratedRecord> {
  private static final int RECENT = 64;

  private final GeneratorConfig config;
  private final GroundTruth truth;
  private final Simulation simulation;
  private final Malformer malformer;
  private final SimClock clock;
  private final SplittableRandom slotRng;
  private final SplittableRandom lateRng;
  private final String seedTag;
  private final String[] topics;
  private final GeneratedRecord[] recent = new GeneratedRecord[RECENT];
  private final StringBuilder sb = new StringBuilder(1024);
  private int recentCount;
  private int recentNext;
  private long produced;
  private long malformedLeft;
  private long duplicatesLeft;
  private long lastTs = Long.MIN_VALUE;

  /** A generator that does not record the valid event ids (constant memory per record). */
  public EventGenerator(GeneratorConfig config) {
    this(config, false);
  }

  /**
   * @param trackEventIds whether the ground truth keeps the set of valid event ids per stream
   *     (about 100 bytes of memory per event)
   */
  public EventGenerator(GeneratorConfig config, boolean trackEventIds) {
    this.config = config;
    SplittableRandom root = new SplittableRandom(config.seed());
    // Separate random streams per concern: the clock does not shift when behaviour changes.
    this.clock =
        new SimClock(config.startTime(), config.span().toMillis(), config.events(), root.split());
    this.slotRng = root.split();
    this.lateRng = root.split();
    Catalog catalog = new Catalog(config);
    this.simulation = new Simulation(config, catalog, root.split());
    this.malformer = new Malformer(config, catalog, root.split());
    this.truth = new GroundTruth(config, catalog, trackEventIds);
    this.seedTag = Ids.seedTag(config.seed());
    this.topics =
        new String[] {config.scanTopic(), config.purchaseTopic(), config.interactionTopic()};
    this.malformedLeft = Math.round(config.events() * config.malformedShare());
    this.duplicatesLeft = Math.round(config.events() * config.duplicateShare());
  }

  /** Generates a whole (small) run into memory; for tests and examples. */
  public static List<GeneratedRecord> generateAll(GeneratorConfig config) {
    EventGenerator g = new EventGenerator(config);
    List<GeneratedRecord> all = new ArrayList<>((int) Math.min(config.events(), 1 << 24));
    g.forEachRemaining(all::add);
    return all;
  }

  public GeneratorConfig config() {
    return config;
  }

  /** The ground truth so far; final once {@link #hasNext()} returns false. */
  public GroundTruth groundTruth() {
    return truth;
  }

  /** Records produced so far. */
  public long produced() {
    return produced;
  }

  /** The simulated clock (epoch millis) of the last record produced. */
  public long simulatedTime() {
    return clock.now();
  }

  @Override
  public boolean hasNext() {
    return produced < config.events();
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    long remaining = config.events() - produced;
    long now = clock.advance();
    // Sampling without replacement: exactly the configured number of bad records and re-sends.
    double pMalformed = malformedLeft / (double) remaining;
    double pDuplicate = duplicatesLeft / (double) remaining;
    double u = slotRng.nextDouble();
    GeneratedRecord r;
    if (u < pMalformed) {
      malformedLeft--;
      r = malformed(now);
    } else if (u < pMalformed + pDuplicate && recentCount > 0) {
      duplicatesLeft--;
      r = duplicate(now);
    } else {
      r = valid(now, remaining);
    }
    produced++;
    return r;
  }

  private GeneratedRecord valid(long now, long remaining) {
    EventDraft d = simulation.next(now, remaining);
    d.eventId = Ids.eventId(d.stream, seedTag, produced);
    boolean late = lateRng.nextDouble() < config.outOfOrderShare();
    if (late) {
      long max = GeneratorConfig.MAX_LATENESS_MS;
      long sincePrevious = lastTs == Long.MIN_VALUE ? max : now - lastTs;
      long min = sincePrevious < max ? Math.max(1, sincePrevious + 1) : 1000;
      d.ts = now - Weighted.between(lateRng, Math.min(min, max), max);
    } else {
      d.ts = now;
    }
    lastTs = d.ts;
    sb.setLength(0);
    EventJson.write(d, sb);
    byte[] value = sb.toString().getBytes(StandardCharsets.UTF_8);
    GeneratedRecord r =
        new GeneratedRecord(
            d.stream,
            topics[Streams.index(d.stream)],
            d.ids.key(),
            value,
            now,
            d.eventId,
            null,
            false);
    truth.onValid(r, d, late);
    recent[recentNext] = r;
    recentNext = (recentNext + 1) % RECENT;
    recentCount = Math.min(RECENT, recentCount + 1);
    return r;
  }

  /** A producer retry: the same bytes and event id again, sent now. */
  private GeneratedRecord duplicate(long now) {
    GeneratedRecord original = recent[slotRng.nextInt(recentCount)];
    GeneratedRecord r =
        new GeneratedRecord(
            original.stream(),
            original.topic(),
            original.key(),
            original.value().clone(),
            now,
            original.eventId(),
            null,
            true);
    truth.onDuplicate(r);
    return r;
  }

  private GeneratedRecord malformed(long now) {
    Malformer.Bad bad = malformer.make(now, produced);
    GeneratedRecord r =
        new GeneratedRecord(
            bad.stream(),
            topics[Streams.index(bad.stream())],
            bad.key(),
            bad.value(),
            now,
            bad.eventId(),
            bad.reason().name(),
            false);
    truth.onMalformed(r, bad.reason());
    return r;
  }
}
