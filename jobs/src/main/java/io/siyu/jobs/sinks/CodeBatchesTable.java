package io.siyu.jobs.sinks;

import io.siyu.jobs.bi.CodeBatch;
import java.io.IOException;
import java.util.List;

/** {@code code_batches} (sql/095): the code-batch dimension, one row per batch. */
public final class CodeBatchesTable implements ClickHouseTable<CodeBatch> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of("batch_id", "sku", "campaign_id", "shipped_region", "codes_issued", "shipped_at");

  @Override
  public String name() {
    return "code_batches";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, CodeBatch b) throws IOException {
    r.text(b.batchId());
    r.text(b.sku());
    r.text(b.campaignId());
    r.text(b.shippedRegion());
    r.integer(b.codesIssued());
    r.dateTime(b.shippedAtMs());
  }

  @Override
  public Object replacingKey(CodeBatch b) {
    return b.batchId();
  }
}
