package io.siyu.jobs.ingest;

import io.siyu.jobs.records.DeadLetterReason;

/**
 * A record that breaks the input contract. Thrown by the parser and turned into a dead letter. It
 * carries no stack trace: bad input is expected and must not cost a stack walk per record.
 */
public final class InvalidEventException extends Exception {
  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public InvalidEventException(DeadLetterReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
