package io.siyu.jobs.bi;

import io.siyu.jobs.config.ConfigException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The code-batch dimension, read once when the job is built and shipped inside the operators that
 * need it (a few thousand batches are a few hundred KB). A file rather than a topic: the same file
 * gives the same answers in every run, where a dimension topic read alongside the events would make
 * a scan's region depend on which of the two was read first.
 */
public final class CodeBatches implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String HEADER =
      "batch_id,sku,campaign_id,shipped_region,codes_issued,shipped_at";

  private final Map<String, CodeBatch> byId;
  private final Map<String, String[]> campaignsBySku;

  private CodeBatches(List<CodeBatch> batches) {
    byId = new LinkedHashMap<>();
    Map<String, Set<String>> campaigns = new HashMap<>();
    for (CodeBatch b : batches) {
      byId.put(b.batchId(), b);
      if (!b.campaignId().isEmpty()) {
        campaigns.computeIfAbsent(b.sku(), k -> new TreeSet<>()).add(b.campaignId());
      }
    }
    campaignsBySku = new HashMap<>();
    campaigns.forEach((sku, ids) -> campaignsBySku.put(sku, ids.toArray(String[]::new)));
  }

  public static CodeBatches none() {
    return new CodeBatches(List.of());
  }

  public static CodeBatches of(List<CodeBatch> batches) {
    return new CodeBatches(batches);
  }

  /** Reads the configured file ({@code bi.code-batches}); empty path: no batches. */
  public static CodeBatches load(String path) {
    if (path == null || path.isBlank()) {
      return none();
    }
    Path file = Path.of(path);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          "bi.code-batches", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
    }
    if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
      throw new ConfigException(
          "bi.code-batches", file + " must start with the header line '" + HEADER + "'");
    }
    List<CodeBatch> batches = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      try {
        if (f.length != 6 || f[0].isBlank()) {
          throw new IllegalArgumentException("expected 6 fields with a batch_id");
        }
        long issued = Long.parseLong(f[4].trim());
        if (issued < 0) {
          throw new IllegalArgumentException("codes_issued must be >= 0");
        }
        batches.add(
            new CodeBatch(
                f[0].trim(),
                f[1].trim(),
                f[2].trim(),
                f[3].trim(),
                issued,
                f[5].isBlank() ? 0 : Instant.parse(f[5].trim()).toEpochMilli()));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new ConfigException(
            "bi.code-batches", file + " line " + (i + 1) + ": " + e.getMessage() + ": " + line);
      }
    }
    return new CodeBatches(batches);
  }

  public List<CodeBatch> all() {
    return List.copyOf(byId.values());
  }

  /** Where the batch was shipped, or {@code fallback} (the scan's own claim) when unknown. */
  public String shippedRegion(String batchId, String fallback) {
    CodeBatch b = batchId == null ? null : byId.get(batchId);
    return b == null ? fallback : b.shippedRegion();
  }

  /** The scan campaigns whose batches carry this sku (sorted), or an empty array. */
  public String[] campaignsOfSku(String sku) {
    String[] c = sku == null ? null : campaignsBySku.get(sku);
    return c == null ? new String[0] : c;
  }
}
