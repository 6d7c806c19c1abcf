package io.siyu.jobs.identity;

/** Where the identity graph keeps its nodes: Flink map state in the job, a map in tests. */
public interface IdStore {
  IdNode get(String id) throws Exception;

  void put(String id, IdNode node) throws Exception;
}
