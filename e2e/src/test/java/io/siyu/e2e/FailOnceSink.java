package io.siyu.e2e;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps a real sink and fails the job once, mid-stream: in the first attempt of subtask 0, after a
 * checkpoint has flushed and {@code failAfter} more records were written. Until a checkpoint has
 * been taken it slows down, so that the failure always lands after a checkpoint and before the end,
 * and the restart really resumes from checkpointed offsets.
 */
final class FailOnceSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  /** How many times a writer failed on purpose, JVM-wide (the mini cluster runs in this JVM). */
  static final AtomicInteger FAILURES = new AtomicInteger();

  private final Sink<T> inner;
  private final int failAfter;

  FailOnceSink(Sink<T> inner, int failAfter) {
    this.inner = inner;
    this.failAfter = failAfter;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    SinkWriter<T> writer = inner.createWriter(context);
    boolean armed =
        context.getTaskInfo().getAttemptNumber() == 0
            && context.getTaskInfo().getIndexOfThisSubtask() == 0;
    return new SinkWriter<>() {
      private boolean checkpointed;
      private int sinceCheckpoint;

      @Override
      public void write(T element, Context ctx) throws IOException, InterruptedException {
        writer.write(element, ctx);
        if (!armed) {
          return;
        }
        if (!checkpointed) {
          Thread.sleep(0, 200_000);
          return;
        }
        if (++sinceCheckpoint == failAfter) {
          FAILURES.incrementAndGet();
          throw new IOException("failure injected by the test after a checkpoint");
        }
      }

      @Override
      public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writer.flush(endOfInput);
        if (!endOfInput) {
          checkpointed = true;
        }
      }

      @Override
      public void close() throws Exception {
        writer.close();
      }
    };
  }
}
