package io.siyu.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The code batches file: dimension data of the scan stream, one row per production batch of coded
 * items (the batches of the counterfeiters' copied codes included: they are ordinary batches). CSV,
 * UTF-8, {@code \n} line ends, with the header {@value #HEADER}:
 *
 * <ul>
 *   <li>{@code batch_id}, {@code sku}, {@code campaign_id}: as in the scans of the batch's codes;
 *   <li>{@code shipped_region}: the region the batch was shipped to (the {@code issued_region} of
 *       its scans; a scan elsewhere is a diverted one);
 *   <li>{@code codes_issued}: codes printed for the batch, the denominator of the scan rate;
 *   <li>{@code shipped_at}: an ISO-8601 UTC instant before the history starts.
 * </ul>
 *
 * <p>Rows come in the catalog's order. Every value depends only on the {@link GeneratorConfig}
 * (events and start time for the sizes and dates, the seed for the dates), never on the records, so
 * the file can be written before the first record. No value contains a comma or a quote.
 */
public final class CodeBatches {

  /** The header line, exactly. */
  public static final String HEADER =
      "batch_id,sku,campaign_id,shipped_region,codes_issued,shipped_at";

  /** The file name the writers use next to their other outputs. */
  public static final String FILE = "code-batches.csv";

  private CodeBatches() {}

  /** The batches of a run with this config (the same as its {@link GroundTruth#batches()}). */
  public static List<GroundTruth.BatchInfo> of(GeneratorConfig config) {
    return GroundTruth.batchInfos(new Catalog(config));
  }

  /** Writes the batches of a run with this config (see {@link #write(List, Path)}). */
  public static void write(GeneratorConfig config, Path file) throws IOException {
    write(of(config), file);
  }

  /** Writes the file, creating parent directories. */
  public static void write(List<GroundTruth.BatchInfo> batches, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(toCsv(batches));
    }
  }

  /** The file's content. */
  public static String toCsv(List<GroundTruth.BatchInfo> batches) {
    StringBuilder sb = new StringBuilder(64 * (batches.size() + 1));
    sb.append(HEADER).append('\n');
    for (GroundTruth.BatchInfo b : batches) {
      sb.append(b.batchId())
          .append(',')
          .append(b.sku())
          .append(',')
          .append(b.campaignId())
          .append(',')
          .append(b.issuedRegion())
          .append(',')
          .append(b.codesIssued())
          .append(',')
          .append(b.shippedAt())
          .append('\n');
    }
    return sb.toString();
  }

  /** Reads a file written by {@link #write}; rejects another header or a malformed row. */
  public static List<GroundTruth.BatchInfo> read(Path file) throws IOException {
    List<GroundTruth.BatchInfo> batches = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (!HEADER.equals(header)) {
        throw new IOException(file + ": expected the header " + HEADER + ", got " + header);
      }
      int lineNo = 1;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 6) {
          throw new IOException(file + ":" + lineNo + ": expected 6 fields: " + line);
        }
        try {
          batches.add(
              new GroundTruth.BatchInfo(
                  f[0], f[1], f[2], f[3], Long.parseLong(f[4]), Instant.parse(f[5])));
        } catch (NumberFormatException | DateTimeParseException e) {
          throw new IOException(file + ":" + lineNo + ": " + e.getMessage() + ": " + line, e);
        }
      }
    }
    return batches;
  }
}
