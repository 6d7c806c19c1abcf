package io.siyu.generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A destination for generated records (Kafka topics or JSON-lines files). {@link #writeAll} drains
 * a generator into it, reports progress every few seconds and writes the ground truth once every
 * record is durable.
 */
public interface EventWriter extends AutoCloseable {

  /** How long a run took and where its ground truth went. */
  record Summary(long records, long bytes, double seconds, Path groundTruthFile) {
    public double recordsPerSecond() {
      return seconds > 0 ? records / seconds : records;
    }
  }

  /** Time between progress lines (5 s). */
  long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  void write(GeneratedRecord record) throws IOException;

  /** Blocks until every record written so far is durable (on disk, or acknowledged). */
  void flush() throws IOException;

  /** Where the records go, for log lines (e.g. "kafka localhost:9092"). */
  String describe();

  @Override
  void close() throws IOException;

  /**
   * Writes every remaining record of the generator, flushes, then writes the ground truth to {@code
   * groundTruthFile}. Progress goes to {@code progress} every few seconds.
   */
  default Summary writeAll(EventGenerator generator, Path groundTruthFile, PrintStream progress)
      throws IOException {
    long start = System.nanoTime();
    long nextReport = start + PROGRESS_EVERY_NANOS;
    long records = 0;
    long bytes = 0;
    while (generator.hasNext()) {
      GeneratedRecord r = generator.next();
      write(r);
      records++;
      bytes += r.value().length;
      if (progress != null && System.nanoTime() >= nextReport) {
        nextReport += PROGRESS_EVERY_NANOS;
        double secs = (System.nanoTime() - start) / 1e9;
        GroundTruth t = generator.groundTruth();
        progress.printf(
            "[generator] %,d / %,d records (%,.0f rec/s) sim time %s: valid %,d, duplicates %,d,"
                + " malformed %,d -> %s%n",
            records,
            generator.config().events(),
            records / secs,
            Instant.ofEpochMilli(generator.simulatedTime()),
            t.validEvents(),
            t.duplicates(),
            t.malformed(),
            describe());
      }
    }
    flush();
    generator.groundTruth().write(groundTruthFile);
    return new Summary(records, bytes, (System.nanoTime() - start) / 1e9, groundTruthFile);
  }

  default Summary writeAll(EventGenerator generator, Path groundTruthFile) throws IOException {
    return writeAll(generator, groundTruthFile, System.out);
  }
}
