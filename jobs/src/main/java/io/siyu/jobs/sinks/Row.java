package io.siyu.jobs.sinks;

import com.clickhouse.data.format.BinaryStreamUtils;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one row's values in column order as ClickHouse RowBinary, mapping this project's
 * conventions (absent text is {@code ''}, money is fen, times are epoch millis) to each column's
 * declared type in one place. The encodings are the ClickHouse client library's ({@link
 * BinaryStreamUtils}).
 */
public final class Row {
  private final ColumnType[] types;
  private final OutputStream out;
  private int index;

  Row(ColumnType[] types, OutputStream out) {
    this.types = types;
    this.out = out;
  }

  /** Starts the next row. */
  Row next() {
    index = 0;
    return this;
  }

  private ColumnType column() {
    if (index >= types.length) {
      throw new IllegalStateException("more values than columns (" + types.length + ")");
    }
    return types[index++];
  }

  void text(String value) throws IOException {
    column().expect(ColumnType.Kind.STRING);
    BinaryStreamUtils.writeString(out, value == null ? "" : value);
  }

  void integer(long value) throws IOException {
    ColumnType c = column();
    switch (c.kind()) {
      case INT8, UINT8 -> BinaryStreamUtils.writeInt8(out, (int) value);
      case INT16, UINT16 -> BinaryStreamUtils.writeInt16(out, (int) value);
      case INT32, UINT32 -> BinaryStreamUtils.writeInt32(out, (int) value);
      case INT64, UINT64 -> BinaryStreamUtils.writeInt64(out, value);
      default -> throw c.mismatch("an integer");
    }
  }

  /** A {@code Decimal(P, 2)} from fen: the scaled integer itself. */
  void money(long fen) throws IOException {
    ColumnType c = column();
    if (c.kind() != ColumnType.Kind.DECIMAL64 || c.scale() != 2) {
      throw c.mismatch("Decimal(18, 2)");
    }
    BinaryStreamUtils.writeInt64(out, fen);
  }

  /** A {@code DateTime} (second precision, UTC) from epoch millis: seconds as UInt32. */
  void dateTime(long epochMillis) throws IOException {
    column().expect(ColumnType.Kind.DATETIME);
    BinaryStreamUtils.writeInt32(out, (int) Math.floorDiv(epochMillis, 1000L));
  }

  /** A {@code Date} from days since 1970-01-01: UInt16. */
  void date(int epochDay) throws IOException {
    column().expect(ColumnType.Kind.DATE);
    BinaryStreamUtils.writeInt16(out, epochDay);
  }

  void array(String[] values) throws IOException {
    column().expect(ColumnType.Kind.ARRAY_STRING);
    BinaryStreamUtils.writeVarInt(out, values.length);
    for (String v : values) {
      BinaryStreamUtils.writeString(out, v == null ? "" : v);
    }
  }

  /** Checks that every column got a value. */
  void end() {
    if (index != types.length) {
      throw new IllegalStateException(index + " values for " + types.length + " columns");
    }
  }
}
