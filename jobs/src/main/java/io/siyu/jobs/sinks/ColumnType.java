package io.siyu.jobs.sinks;

/**
 * The RowBinary encoding of a column, from its ClickHouse type name ({@code system.columns.type}):
 * only the types this project's tables use; any other fails when the sink opens, naming the column.
 */
record ColumnType(String column, String type, Kind kind, int scale) {
  enum Kind {
    STRING,
    INT8,
    UINT8,
    INT16,
    UINT16,
    INT32,
    UINT32,
    INT64,
    UINT64,
    DECIMAL64,
    DATETIME,
    DATE,
    ARRAY_STRING
  }

  static ColumnType of(String column, String type) {
    String t = type.replace(" ", "");
    if (t.startsWith("LowCardinality(") && t.endsWith(")")) {
      t = t.substring("LowCardinality(".length(), t.length() - 1);
    }
    Kind kind;
    int scale = 0;
    if (t.equals("String")) {
      kind = Kind.STRING;
    } else if (t.equals("DateTime") || t.startsWith("DateTime(")) {
      kind = Kind.DATETIME;
    } else if (t.equals("Date")) {
      kind = Kind.DATE;
    } else if (t.equals("Array(String)")) {
      kind = Kind.ARRAY_STRING;
    } else if (t.startsWith("Decimal(")) {
      String[] ps = t.substring("Decimal(".length(), t.length() - 1).split(",");
      int precision = Integer.parseInt(ps[0]);
      scale = Integer.parseInt(ps[1]);
      if (precision <= 9 || precision > 18) {
        throw new IllegalArgumentException(
            "column " + column + ": " + type + " is not supported (Decimal with precision 10..18)");
      }
      kind = Kind.DECIMAL64;
    } else {
      try {
        kind = Kind.valueOf(t.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "column " + column + ": type " + type + " has no RowBinary encoding here", e);
      }
    }
    return new ColumnType(column, type, kind, scale);
  }

  void expect(Kind wanted) {
    if (kind != wanted) {
      throw mismatch(wanted.name());
    }
  }

  IllegalStateException mismatch(String wanted) {
    return new IllegalStateException(
        "column " + column + " is " + type + " in ClickHouse, the sink writes " + wanted);
  }
}
