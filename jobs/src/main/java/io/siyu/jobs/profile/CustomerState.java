package io.siyu.jobs.profile;

/**
 * One customer's profile state, under their canonical id: the histories of their identifiers (one
 * for most customers; several after OneID merges) and what was derived from them last — stage, RFM,
 * tags — so that changes are emitted once. Read and written once per update (one RocksDB value). A
 * Flink POJO.
 */
public class CustomerState {
  public String[] memberKeys = new String[0];
  public MemberHistory[] members = new MemberHistory[0];

  /** Set when the customer was merged into another and its identifiers are leaving. */
  public String mergedInto;

  public long version;
  public long firstSeen = Long.MAX_VALUE;
  public long lastEventTs = Long.MIN_VALUE;

  /** The latest time the profile was evaluated at (updates and timers): never goes back. */
  public long clock = Long.MIN_VALUE;

  public LifecycleStage stage = LifecycleStage.PROSPECT;
  public long stageSince;

  /** The customer's latest purchase as of the last evaluation (quiet time counts from here). */
  public long lastPurchaseTs = Long.MIN_VALUE;

  public int rfmRecency;
  public int rfmFrequency;
  public int rfmMonetary;
  public RfmSegment segment = RfmSegment.NONE;
  public CustomerTags tags = CustomerTags.NONE;

  /** A hash of the last emitted profile's content: a new version only when something shows. */
  public long emittedHash;

  public long timer = Long.MIN_VALUE;

  /** Whether {@link #timer} is the retention timer (moved lazily, not on every event). */
  public boolean retentionTimer;

  public CustomerState() {}

  /** Stores a member's latest history; true if the member is new to this customer. */
  boolean put(String memberKey, MemberHistory history) {
    for (int i = 0; i < memberKeys.length; i++) {
      if (memberKeys[i].equals(memberKey)) {
        members[i] = history;
        return false;
      }
    }
    int n = memberKeys.length;
    memberKeys = java.util.Arrays.copyOf(memberKeys, n + 1);
    members = java.util.Arrays.copyOf(members, n + 1);
    memberKeys[n] = memberKey;
    members[n] = history;
    return true;
  }

  void remove(String memberKey) {
    for (int i = 0; i < memberKeys.length; i++) {
      if (memberKeys[i].equals(memberKey)) {
        int n = memberKeys.length - 1;
        memberKeys[i] = memberKeys[n];
        members[i] = members[n];
        memberKeys = java.util.Arrays.copyOf(memberKeys, n);
        members = java.util.Arrays.copyOf(members, n);
        return;
      }
    }
  }
}
