package io.siyu.generator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes records as JSON-lines files, one per stream: {@code scan.jsonl}, {@code purchase.jsonl},
 * {@code interaction.jsonl} in a directory, one record per line (payloads never contain a line
 * break, malformed ones included, so line counts equal record counts). Next to each, {@code
 * <stream>.meta.tsv} has one line per record, aligned with the JSON lines and without a header:
 * {@code kafka_timestamp, key, event_id, expected_reason, duplicate (0|1)}, tab-separated, empty
 * for null. The Kafka timestamp matters: the parser judges "ts too far in the future" against it.
 */
public final class FileEventWriter implements EventWriter {

  /** The ground-truth file name written by {@link #writeAll(EventGenerator)}. */
  public static final String GROUND_TRUTH_FILE = "ground-truth.json";

  private static final int BUFFER = 1 << 20;

  private final Path dir;
  private final OutputStream[] data = new OutputStream[3];
  private final OutputStream[] meta = new OutputStream[3];
  private final StringBuilder line = new StringBuilder(256);

  public FileEventWriter(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    for (String stream : Streams.ALL) {
      int s = Streams.index(stream);
      data[s] = new BufferedOutputStream(Files.newOutputStream(dataFile(dir, stream)), BUFFER);
      meta[s] = new BufferedOutputStream(Files.newOutputStream(metaFile(dir, stream)), BUFFER);
    }
  }

  /** {@code <dir>/<stream>.jsonl} */
  public static Path dataFile(Path dir, String stream) {
    return dir.resolve(stream + ".jsonl");
  }

  /** {@code <dir>/<stream>.meta.tsv} */
  public static Path metaFile(Path dir, String stream) {
    return dir.resolve(stream + ".meta.tsv");
  }

  @Override
  public void write(GeneratedRecord r) throws IOException {
    byte[] value = r.value();
    for (byte b : value) {
      if (b == '\n' || b == '\r') {
        throw new IllegalStateException("record payload contains a line break: " + r);
      }
    }
    int s = Streams.index(r.stream());
    data[s].write(value);
    data[s].write('\n');
    line.setLength(0);
    line.append(r.kafkaTimestamp())
        .append('\t')
        .append(r.key() == null ? "" : r.key())
        .append('\t')
        .append(r.eventId() == null ? "" : r.eventId())
        .append('\t')
        .append(r.expectedReason() == null ? "" : r.expectedReason())
        .append('\t')
        .append(r.duplicate() ? '1' : '0')
        .append('\n');
    meta[s].write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void flush() throws IOException {
    for (int s = 0; s < 3; s++) {
      data[s].flush();
      meta[s].flush();
    }
  }

  @Override
  public String describe() {
    return "files in " + dir;
  }

  /** Writes every record and then {@code <dir>/ground-truth.json}. */
  public Summary writeAll(EventGenerator generator) throws IOException {
    return writeAll(generator, dir.resolve(GROUND_TRUTH_FILE));
  }

  public Summary writeAll(EventGenerator generator, PrintStream progress) throws IOException {
    return writeAll(generator, dir.resolve(GROUND_TRUTH_FILE), progress);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (int s = 0; s < 3; s++) {
      for (OutputStream out : new OutputStream[] {data[s], meta[s]}) {
        try {
          out.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
