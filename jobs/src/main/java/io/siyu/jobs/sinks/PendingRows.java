package io.siyu.jobs.sinks;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The rows of one checkpoint interval, serialized with Flink's serializer for the row type: what a
 * {@link ClickHouseCommittingSink} writer hands to its committer, and what the checkpoint keeps
 * until the insert is done.
 */
record PendingRows(int count, byte[] rows) {

  /** The committable's own format: a count and the rows' bytes. */
  static final class Serializer implements SimpleVersionedSerializer<PendingRows> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(PendingRows p) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(p.rows.length + 8);
      out.writeInt(p.count);
      out.writeInt(p.rows.length);
      out.write(p.rows);
      return out.getCopyOfBuffer();
    }

    @Override
    public PendingRows deserialize(int version, byte[] bytes) throws IOException {
      if (version != 1) {
        throw new IOException("Unknown version " + version + " of pending ClickHouse rows");
      }
      DataInputDeserializer in = new DataInputDeserializer(bytes);
      int count = in.readInt();
      byte[] rows = new byte[in.readInt()];
      in.readFully(rows);
      return new PendingRows(count, rows);
    }
  }
}
