package io.siyu.jobs.bi;

import java.util.List;

/**
 * A key's state that also holds the inputs waiting for their minute ({@link
 * MinuteOrderedFunction}).
 */
public interface Waiting<IN> {
  List<IN> getPending();

  void setPending(List<IN> pending);
}
