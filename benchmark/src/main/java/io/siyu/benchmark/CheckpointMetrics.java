package io.siyu.benchmark;

import java.util.Properties;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;

/**
 * A metric reporter inside the benchmark's mini cluster that keeps the job's checkpoint figures:
 * the largest full state size and the longest checkpoint seen, and the number completed. Flink's
 * own statistics, read in process (the mini cluster runs in this JVM), so the benchmark can print
 * state bytes per customer and checkpoint durations next to the throughput. Found by Flink through
 * {@code META-INF/services} (a reporter factory must be).
 */
public final class CheckpointMetrics implements MetricReporter, Scheduled {
  private static volatile Gauge<?> fullSize;
  private static volatile Gauge<?> duration;
  private static volatile Gauge<?> completed;
  private static long maxFullSize;
  private static long maxDuration;
  private static long count;

  /** The link screen's counters, one per subtask: how many events went to the graph, or past. */
  private static final java.util.List<org.apache.flink.metrics.Counter> toGraph =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final java.util.List<org.apache.flink.metrics.Counter> pastGraph =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Paid orders that went past the graph with a notice to it (counted in pastGraph too). */
  private static final java.util.List<org.apache.flink.metrics.Counter> paidNotices =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private static long maxToGraph;
  private static long maxPastGraph;
  private static long maxPaidNotices;

  /** Figures of the run since {@link #reset()}. */
  record Figures(
      long checkpoints,
      long maxFullStateBytes,
      long maxDurationMs,
      long eventsToGraph,
      long eventsPastGraph,
      long paidNotices) {

    /**
     * The share of events identity resolution's single instance saw, whole or as a paid-order
     * notice, or NaN.
     */
    double graphShare() {
      long all = eventsToGraph + eventsPastGraph;
      return all == 0 ? Double.NaN : (double) (eventsToGraph + paidNotices) / all;
    }
  }

  static synchronized void reset() {
    maxFullSize = 0;
    maxDuration = 0;
    count = 0;
    maxToGraph = 0;
    maxPastGraph = 0;
    maxPaidNotices = 0;
  }

  static synchronized Figures figures() {
    new CheckpointMetrics().report();
    return new Figures(count, maxFullSize, maxDuration, maxToGraph, maxPastGraph, maxPaidNotices);
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof org.apache.flink.metrics.Counter c) {
      switch (name) {
        case "identity.toGraph" -> toGraph.add(c);
        case "identity.pastGraph" -> pastGraph.add(c);
        case "identity.paidNotices" -> paidNotices.add(c);
        default -> {}
      }
    }
    if (metric instanceof Gauge<?> g) {
      switch (name) {
        case "lastCheckpointFullSize" -> fullSize = g;
        case "lastCheckpointDuration" -> duration = g;
        case "numberOfCompletedCheckpoints" -> completed = g;
        default -> {}
      }
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    report(); // the job is ending: keep its last figures
    toGraph.remove(metric);
    pastGraph.remove(metric);
    paidNotices.remove(metric);
  }

  @Override
  public void report() {
    synchronized (CheckpointMetrics.class) {
      maxFullSize = Math.max(maxFullSize, asLong(fullSize));
      maxDuration = Math.max(maxDuration, asLong(duration));
      count = Math.max(count, asLong(completed));
      maxToGraph = Math.max(maxToGraph, toGraph.stream().mapToLong(c -> c.getCount()).sum());
      maxPastGraph = Math.max(maxPastGraph, pastGraph.stream().mapToLong(c -> c.getCount()).sum());
      maxPaidNotices =
          Math.max(maxPaidNotices, paidNotices.stream().mapToLong(c -> c.getCount()).sum());
    }
  }

  private static long asLong(Gauge<?> g) {
    Object v = g == null ? null : g.getValue();
    return v instanceof Number n ? n.longValue() : 0L;
  }

  /** Named in the mini cluster's configuration ({@code metrics.reporter.*.factory.class}). */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new CheckpointMetrics();
    }
  }
}
