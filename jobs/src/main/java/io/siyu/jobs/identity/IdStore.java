package io.siyu.jobs.identity;

/** Where the identity graph keeps its nodes: Flink map state in the job, a map in tests. */
public interface IdStore {
  IdNode get(String id) throws Exception;

  void put(String id, IdNode node) throws Exception;

  /** A store over a plain map (tests, the benchmark's baseline). */
  static IdStore of(java.util.Map<String, IdNode> nodes) {
    return new IdStore() {
      @Override
      public IdNode get(String id) {
        return nodes.get(id);
      }

      @Override
      public void put(String id, IdNode node) {
        nodes.put(id, node);
      }
    };
  }
}
