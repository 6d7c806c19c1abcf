package io.siyu.jobs.sinks;

import io.siyu.jobs.config.ClickHouseConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;

/**
 * A ClickHouse sink that writes only what a completed checkpoint covers (write-ahead, two phases):
 * the writer keeps an interval's rows and hands them over at the checkpoint; the committer inserts
 * them once the checkpoint is complete, and again after a restore if it could not confirm that.
 *
 * <p>For tables whose rows depend on processing order — profiles, lifecycle transitions, tag
 * changes, the identity map: when a job fails and replays, records from several partitions can
 * interleave differently, so an attempt that failed could have written rows (an intermediate stage,
 * a profile version) the replay never produces again. {@link ClickHouseSink}'s at-least-once writes
 * are enough where a row is a pure function of one input record (events, dead letters).
 * Re-inserting a committed batch is harmless: the tables are ReplacingMergeTree on each row's key.
 *
 * <p>The price: rows appear one checkpoint interval later, and an interval's rows are kept in the
 * checkpoint until inserted. Tables with a {@linkplain ClickHouseTable#replacingKey replacing key}
 * keep only each key's last row per interval (e.g. one profile version per customer).
 */
public final class ClickHouseCommittingSink<T> implements Sink<T>, SupportsCommitter<PendingRows> {
  private static final long serialVersionUID = 1L;

  private final ClickHouseConfig config;
  private final ClickHouseTable<T> table;
  private final TypeInformation<T> rowType;

  public ClickHouseCommittingSink(
      ClickHouseConfig config, ClickHouseTable<T> table, TypeInformation<T> rowType) {
    this.config = config;
    this.table = table;
    this.rowType = rowType;
  }

  private TypeSerializer<T> rowSerializer() {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    return rowType.createSerializer(noKryo);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(table, rowSerializer());
  }

  @Override
  public Committer<PendingRows> createCommitter(CommitterInitContext context) throws IOException {
    return new RowCommitter<>(
        new ClickHouseInserter<>(config, table, context.metricGroup()),
        rowSerializer(),
        context.metricGroup().getNumCommittablesSuccessCounter());
  }

  @Override
  public SimpleVersionedSerializer<PendingRows> getCommittableSerializer() {
    return new PendingRows.Serializer();
  }

  /** Keeps the interval's rows (the last per replacing key) and hands them over at checkpoints. */
  private static final class Writer<T> implements CommittingSinkWriter<T, PendingRows> {
    private final ClickHouseTable<T> table;
    private final TypeSerializer<T> serializer;
    private final List<T> rows = new ArrayList<>();
    private final Map<Object, T> latest = new LinkedHashMap<>();

    Writer(ClickHouseTable<T> table, TypeSerializer<T> serializer) {
      this.table = table;
      this.serializer = serializer;
    }

    @Override
    public void write(T row, Context context) {
      Object key = table.replacingKey(row);
      if (key == null) {
        rows.add(serializer.copy(row)); // records may be reused by the operator before this
      } else {
        latest.put(key, serializer.copy(row));
      }
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public Collection<PendingRows> prepareCommit() throws IOException {
      rows.addAll(latest.values());
      latest.clear();
      if (rows.isEmpty()) {
        return List.of();
      }
      DataOutputSerializer out = new DataOutputSerializer(rows.size() * 128);
      for (T row : rows) {
        serializer.serialize(row, out);
      }
      PendingRows pending = new PendingRows(rows.size(), out.getCopyOfBuffer());
      rows.clear();
      return List.of(pending);
    }

    @Override
    public void close() {}
  }

  /** Inserts the rows of completed checkpoints, retrying while ClickHouse is down. */
  private static final class RowCommitter<T> implements Committer<PendingRows> {
    private final ClickHouseInserter<T> inserter;
    private final TypeSerializer<T> serializer;
    private final Counter committed;

    RowCommitter(ClickHouseInserter<T> inserter, TypeSerializer<T> serializer, Counter committed) {
      this.inserter = inserter;
      this.serializer = serializer;
      this.committed = committed;
    }

    @Override
    public void commit(Collection<CommitRequest<PendingRows>> requests)
        throws IOException, InterruptedException {
      for (CommitRequest<PendingRows> request : requests) {
        PendingRows pending = request.getCommittable();
        DataInputDeserializer in = new DataInputDeserializer(pending.rows());
        List<T> rows = new ArrayList<>(pending.count());
        for (int i = 0; i < pending.count(); i++) {
          rows.add(serializer.deserialize(in));
        }
        // Fails the job after max-retry-time; the restored committer then inserts these again.
        inserter.insert(rows);
        committed.inc();
      }
    }

    @Override
    public void close() {
      inserter.close();
    }
  }
}
