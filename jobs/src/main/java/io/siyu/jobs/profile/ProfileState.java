package io.siyu.jobs.profile;

/**
 * One customer's state: read and written once per event (a single RocksDB value). A Flink POJO:
 * public fields, arrays rather than collections, so Flink serializes it without Kryo.
 *
 * <p>Orders are kept only while inside the RFM window; older ones live on in the lifetime totals.
 */
public class ProfileState {
  /**
   * Event ids seen last, as 32-bit hashes: catches producer re-sends, which arrive within a few
   * events of the original. 16 × 4 bytes per customer; a false match needs one of 16 hashes to
   * collide (about 4 in a billion per event).
   */
  static final int RECENT_EVENTS = 16;

  public long firstSeen;

  /** The latest event time of this customer's own events (retention counts from here). */
  public long lastEventTs;

  /** The latest time the profile was evaluated at (events and timers): never goes back. */
  public long clock;

  public long version;
  public LifecycleStage stage = LifecycleStage.PROSPECT;
  public long stageSince;
  public int lifetimeOrders;
  public long lifetimeNetFen;
  public long firstPurchaseTs = Long.MIN_VALUE;
  public long lastPurchaseTs = Long.MIN_VALUE;

  /** The latest purchase before {@link #lastPurchaseTs} (win-back is a long gap between them). */
  public long previousPurchaseTs = Long.MIN_VALUE;

  public String[] orderIds = new String[0];
  public long[] orderTs = new long[0];
  public long[] orderNetFen = new long[0];
  public int rfmRecency;
  public int rfmFrequency;
  public int rfmMonetary;
  public RfmSegment segment = RfmSegment.NONE;
  public int[] recentEvents = new int[RECENT_EVENTS];
  public int recentNext;
  public long timer = Long.MIN_VALUE;

  /** Whether {@link #timer} is the retention timer (moved lazily, not on every event). */
  public boolean retentionTimer;

  // Behaviour behind the tags (lifetime counts; refunds do not undo them).
  public int scans;
  public int couponOrders;
  public boolean boughtOnline;
  public boolean boughtInStore;
  public String guideId;
  public NameCounts channels = new NameCounts();
  public NameCounts categories = new NameCounts();
  public CustomerTags tags = CustomerTags.NONE;

  public ProfileState() {}

  /** True if the event id was seen recently; otherwise remembers it. */
  boolean seenRecently(String eventId) {
    int h = hash(eventId);
    for (int r : recentEvents) {
      if (r == h) {
        return true;
      }
    }
    recentEvents[recentNext] = h;
    recentNext = (recentNext + 1) % RECENT_EVENTS;
    return false;
  }

  int orderIndex(String orderId) {
    for (int i = 0; i < orderIds.length; i++) {
      if (orderIds[i].equals(orderId)) {
        return i;
      }
    }
    return -1;
  }

  void addOrder(String orderId, long ts, long netFen) {
    int n = orderIds.length;
    orderIds = java.util.Arrays.copyOf(orderIds, n + 1);
    orderTs = java.util.Arrays.copyOf(orderTs, n + 1);
    orderNetFen = java.util.Arrays.copyOf(orderNetFen, n + 1);
    orderIds[n] = orderId;
    orderTs[n] = ts;
    orderNetFen[n] = netFen;
  }

  /** Drops orders that left the window ending at {@code now}. */
  void pruneOrders(long now, long windowMs) {
    int keep = 0;
    for (int i = 0; i < orderIds.length; i++) {
      if (orderTs[i] > now - windowMs) {
        keep++;
      }
    }
    if (keep == orderIds.length) {
      return;
    }
    String[] ids = new String[keep];
    long[] ts = new long[keep];
    long[] net = new long[keep];
    for (int i = 0, j = 0; i < orderIds.length; i++) {
      if (orderTs[i] > now - windowMs) {
        ids[j] = orderIds[i];
        ts[j] = orderTs[i];
        net[j++] = orderNetFen[i];
      }
    }
    orderIds = ids;
    orderTs = ts;
    orderNetFen = net;
  }

  int windowOrders() {
    int n = 0;
    for (long net : orderNetFen) {
      if (net > 0) {
        n++;
      }
    }
    return n;
  }

  long windowNetFen() {
    long sum = 0;
    for (long net : orderNetFen) {
      sum += net;
    }
    return sum;
  }

  long oldestOrderTs() {
    long min = Long.MAX_VALUE;
    for (long t : orderTs) {
      min = Math.min(min, t);
    }
    return min;
  }

  /** 32-bit FNV-1a, never 0 (0 marks an empty slot). */
  private static int hash(String s) {
    int h = 0x811c9dc5;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x01000193;
    }
    return h == 0 ? 1 : h;
  }
}
