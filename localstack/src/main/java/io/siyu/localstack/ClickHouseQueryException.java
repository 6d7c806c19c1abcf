package io.siyu.localstack;

/** A statement sent to ClickHouse over HTTP failed; carries the server's answer. */
public final class ClickHouseQueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String body;
  private final String sql;

  ClickHouseQueryException(String message, int statusCode, String body, String sql) {
    super(message);
    this.statusCode = statusCode;
    this.body = body;
    this.sql = sql;
  }

  /** The HTTP status, or -1 if the server could not be reached. */
  public int statusCode() {
    return statusCode;
  }

  /** The response body: ClickHouse's error text, e.g. "Code: 60, e.displayText() = ...". */
  public String body() {
    return body;
  }

  /** The statement that failed. */
  public String sql() {
    return sql;
  }
}
