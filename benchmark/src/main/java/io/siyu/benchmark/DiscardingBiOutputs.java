package io.siyu.benchmark;

import io.siyu.jobs.BiJob;
import io.siyu.jobs.bi.BiFact;
import io.siyu.jobs.bi.CodeBatch;
import io.siyu.jobs.bi.ScanAlert;
import io.siyu.jobs.bi.StatRow;
import io.siyu.jobs.bi.StatTable;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** The BI branch's outputs, discarded: the benchmark measures the computation, not the I/O. */
final class DiscardingBiOutputs implements BiJob.Outputs {
  @Override
  public Sink<StatRow> stats(StatTable table) {
    return new DiscardingSink<>();
  }

  @Override
  public Sink<BiFact> paidOrders() {
    return new DiscardingSink<>();
  }

  @Override
  public Sink<BiFact> customerMonths() {
    return new DiscardingSink<>();
  }

  @Override
  public Sink<CodeBatch> codeBatches() {
    return new DiscardingSink<>();
  }

  @Override
  public Sink<ScanAlert> alertTable() {
    return new DiscardingSink<>();
  }

  @Override
  public Sink<ScanAlert> alertTopic() {
    return new DiscardingSink<>();
  }
}
