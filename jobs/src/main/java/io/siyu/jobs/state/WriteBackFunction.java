package io.siyu.jobs.state;

import java.util.List;

/** A keyed function whose state sits behind {@link WriteBackValueState}s. */
public interface WriteBackFunction {
  /** The function's write-back states (available once the function is open). */
  List<WriteBackValueState<?, ?>> writeBackStates();
}
