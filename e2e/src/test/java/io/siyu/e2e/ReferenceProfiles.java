package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.generator.GeneratedRecord;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.ProfileConfig;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent computation, from the records as Kafka holds them, of what the profile part of the
 * main job must leave in ClickHouse at the end of a bounded replay: every customer's stage, RFM
 * segment, order counts and social value, every customer's whole path of lifecycle transitions
 * (also of customers absorbed by merges), and every identifier's canonical id. Records are read as
 * a plain JSON tree; nothing of the job's classes is used but its configuration (thresholds).
 *
 * <p>The rules it implements, in the order they apply. "Record time" is where an event is applied;
 * "ts" is the event's own time.
 *
 * <ol>
 *   <li><b>Record time and lateness</b> (README "Event time"). Per Kafka partition (stream +
 *       partition), in offset order, keep the largest ts of a valid event read so far ({@code
 *       max}). A valid event is <i>late</i> if {@code ts <= max - outOfOrderness - 1}; its record
 *       time is then {@code max - outOfOrderness} (the partition's watermark + 1 ms) and it does
 *       not move {@code max}; otherwise its record time is its ts. Invalid records (dead letters)
 *       count for nothing. Re-sent duplicates are records like any other.
 *   <li><b>End of input</b>: the final watermark W is the smallest, over the partitions that held a
 *       valid event, of {@code max - outOfOrderness - 1}. An event whose record time is after W is
 *       never applied (not even to the identity graph); time-driven changes happen up to and
 *       including W, none after.
 *   <li><b>Order</b>: the applied events are taken one at a time in the order (record time, event
 *       id, stream: scan, purchase, interaction). Everything an event causes happens before the
 *       next event, in this order: the links of its own ids (histories moved by a merge), the links
 *       of its referrer's ids, the event in its history (under its customer after both), the
 *       referral credits.
 *   <li><b>Identity (OneID)</b>: the identifiers an event carries (kind-prefixed {@code m: u: o:
 *       p:}, phones hashed; strongest first: member, union, open, phone, then the smallest text)
 *       are one customer from then on; so are the ids of an {@code invite_accept}'s referrer
 *       (linked after the event itself). The canonical id of a customer is its strongest
 *       identifier. A link that would give a customer more than {@code max-ids-per-customer}
 *       identifiers is refused: the event then belongs to the customer of its strongest identifier,
 *       a new customer of that identifier alone if it is new. A customer keeps its identifiers in
 *       the order they joined, its canonical id first; when a link merges customers, the surviving
 *       customer's list is its own, then each absorbed customer's (customers in the order the event
 *       names them, strongest identifier first), then the new identifiers.
 *   <li><b>Identifier histories</b>: an event belongs to the history of its strongest identifier
 *       (the history is created with it). A history belongs to one customer; when a merge moves its
 *       identifier, the history moves with it: identifier by identifier, in the absorbed customer's
 *       order, before the event that caused the merge. A re-send (an event id this history has
 *       already applied) changes nothing. A history records first seen (smallest ts), its paid
 *       orders by order id (a paid order already known to this history counts once), refunds (lower
 *       the net amount of an order this history holds by the refund, at most to 0; unknown orders
 *       are ignored; the order count and the stage are unchanged) and referral credits.
 *   <li><b>Social value</b>: an invitee's first accepted invitation counts (not inviting oneself:
 *       invitee and inviter the same customer at that moment); the inviter's customer at that
 *       moment is credited "invite accepted"; the invitee's first paid order with ts at or after
 *       the acceptance's ts credits the inviter's current customer "invitee bought" (also when the
 *       order was applied before the invitation, or when the order and the invitation were made
 *       under identities that are merged later; a merged customer keeps the first inviter either
 *       side had). Fission credits go up the referral tree to 8 levels. A credit is kept in the
 *       history of the credited customer's canonical id (created if needed, first seen = the record
 *       time), so credits follow later merges.
 *   <li><b>Customer profile</b>: a customer exists from the first history that belongs to it: a
 *       transition ('' → PROSPECT, {@code first_seen}) stamped at that history's first seen (which
 *       for a history moved in by a merge can be long before). Every change of one of its histories
 *       is applied at the record time t of the event that caused it: first the stage ages through
 *       every threshold at or before t (one transition per threshold, stamped at the instant it is
 *       crossed, cause {@code ageing}); then the stage becomes the stage of the customer's merged
 *       purchases at t (transition stamped t when it changes). Its cause: {@code merge} if the
 *       history just joined a customer that has other histories, or was moved in by a merge;
 *       otherwise {@code purchase} if a new paid order was counted, {@code referral} for a credit,
 *       else {@code event}.
 *   <li><b>Stages</b> at time t from the merged paid orders (lifetime count n, latest purchase L,
 *       the one before P; n adds up each identifier's own count): n = 0 PROSPECT; else t − L ≥
 *       churned-days CHURNED, ≥ dormant-days DORMANT, ≥ at-risk-days AT_RISK (thresholds
 *       inclusive); else n = 1 NEW; else L − P ≥ at-risk-days WON_BACK; else ACTIVE. Ageing moves
 *       NEW/ACTIVE/WON_BACK → AT_RISK → DORMANT → CHURNED at L + those days; PROSPECT never ages.
 *   <li><b>Merges</b>: a customer absorbed by a merge first ages to t, then, when its last history
 *       has left, is closed (a closing row naming the survivor; no transition). The survivor's
 *       stage is re-evaluated after each history that moves in.
 *   <li><b>At the end</b>: every customer ages to W. Profiles are read at W: RFM over the orders in
 *       the window (net &gt; 0 counts as an order; recency from the latest purchase; the cut points
 *       of the configuration).
 *   <li><b>The table</b>: {@code lifecycle_transitions} keeps one row per (customer, instant,
 *       target stage), the last written; a path is compared in time order, and within one instant
 *       as a chain ({@link #normalize}), since a table knows no order within an instant.
 * </ol>
 *
 * <p>Not modelled, because the test's history is too short for them (checked: the history must span
 * less than the RFM window and the retention): orders leaving the RFM window, paid orders older
 * than the window being ignored, state dropped after the retention. The job's de-duplication
 * remembers only the last 16 event ids per identifier; this reference remembers all (a producer
 * re-send follows within a few events of its identifier). Where two histories of one customer hold
 * the same order id, the first history's copy counts for the window.
 */
final class ReferenceProfiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The streams in their tie-breaking order. */
  static final List<String> STREAMS = List.of("scan", "purchase", "interaction");

  private static final String PROSPECT = "PROSPECT";
  private static final String NEW = "NEW";
  private static final String ACTIVE = "ACTIVE";
  private static final String WON_BACK = "WON_BACK";
  private static final String AT_RISK = "AT_RISK";
  private static final String DORMANT = "DORMANT";
  private static final String CHURNED = "CHURNED";
  private static final int FISSION_LEVELS = 8;

  /** The thresholds the rules use, from the job's configuration. */
  record Params(
      long outOfOrdernessMs,
      long atRiskMs,
      long dormantMs,
      long churnedMs,
      long windowMs,
      long retentionMs,
      int maxIdsPerCustomer,
      long[] recencyMs,
      int[] frequency,
      long[] monetaryFen,
      int highScore) {
    static Params of(JobConfig config) {
      ProfileConfig p = config.profile();
      long day = 86_400_000L;
      long[] recency = new long[4];
      long[] monetary = new long[4];
      for (int i = 0; i < 4; i++) {
        recency[i] = p.rfm().recencyDays()[i] * day;
        monetary[i] = p.rfm().monetaryYuan()[i] * 100;
      }
      return new Params(
          config.watermarks().maxOutOfOrderness().toMillis(),
          p.lifecycle().atRiskDays() * day,
          p.lifecycle().dormantDays() * day,
          p.lifecycle().churnedDays() * day,
          p.rfm().window().toMillis(),
          p.retention().toMillis(),
          p.identity().maxIdsPerCustomer(),
          recency,
          p.rfm().frequency().clone(),
          monetary,
          p.rfm().highScore());
    }
  }

  /** One record of an input topic, where Kafka holds it, and whether the job must accept it. */
  record Input(String stream, int partition, long offset, byte[] value, boolean valid) {}

  /** What the test compares per current customer. */
  record Expected(
      String stage,
      String segment,
      long lifetimeOrders,
      long windowOrders,
      long invitesAccepted,
      long inviteesBought) {}

  /** One lifecycle transition; {@code from} is '' when first seen. */
  record Transition(String from, String to, long at, String cause) {
    @Override
    public String toString() {
      return (from.isEmpty() ? "''" : from)
          + "→"
          + to
          + "@"
          + Instant.ofEpochMilli(at)
          + "/"
          + cause;
    }
  }

  /** A late event: its coordinates and the record time it is applied at. */
  record Late(String stream, int partition, long offset, long effectiveMs) {}

  /**
   * Everything computed: the final watermark, the current customers' profiles, every customer's
   * transition path (normalized, see {@link #normalize}), every identifier's canonical id, the
   * customers absorbed by merges (→ the customer named in their closing row), the late events, the
   * customers that have events after the final watermark, which are never applied, and their
   * inviters (for diagnosis), counts that describe the run, and every current customer's fission
   * depth (the deepest referral credit any of its histories got, as profiles keep it).
   */
  record Result(
      long finalWatermark,
      Map<String, Expected> profiles,
      Map<String, List<Transition>> paths,
      Map<String, String> canonicalIds,
      Map<String, String> mergedInto,
      Set<Late> late,
      Set<String> withEventsAfterTheEnd,
      Map<String, Long> counts,
      Map<String, Integer> fissionDepths) {}

  private ReferenceProfiles() {}

  /** An event to apply: the record, its record time, id, stream index, JSON and own time. */
  record Placed(Input input, long at, String eventId, int stream, JsonNode json, long ts) {}

  /**
   * Rules 1-3: the valid events with their record times, those up to the final watermark in the
   * order they are applied; the late ones; the final watermark.
   */
  record Timeline(
      List<Placed> applied, List<Placed> notApplied, Set<Late> late, long finalWatermark) {}

  static Timeline timeline(Collection<Input> inputs, Params params) {
    Map<String, List<Input>> partitions = new TreeMap<>();
    for (Input in : inputs) {
      partitions
          .computeIfAbsent(in.stream() + "/" + in.partition(), k -> new ArrayList<>())
          .add(in);
    }
    List<Placed> all = new ArrayList<>();
    Set<Late> late = new TreeSet<>(Comparator.comparing(Late::toString));
    long finalWatermark = Long.MAX_VALUE;
    for (List<Input> partition : partitions.values()) {
      partition.sort(Comparator.comparingLong(Input::offset));
      boolean any = false;
      long max = Long.MIN_VALUE;
      for (Input in : partition) {
        if (!in.valid()) {
          continue;
        }
        JsonNode e = parse(in.value());
        long ts = e.get("ts").asLong();
        long at;
        if (any && ts <= max - params.outOfOrdernessMs() - 1) {
          at = max - params.outOfOrdernessMs();
          late.add(new Late(in.stream(), in.partition(), in.offset(), at));
        } else {
          at = ts;
          max = any ? Math.max(max, ts) : ts;
        }
        any = true;
        all.add(
            new Placed(in, at, e.get("event_id").asText(), STREAMS.indexOf(in.stream()), e, ts));
      }
      if (any) {
        finalWatermark = Math.min(finalWatermark, max - params.outOfOrdernessMs() - 1);
      }
    }
    long w = finalWatermark;
    List<Placed> applied = new ArrayList<>(all.stream().filter(a -> a.at() <= w).toList());
    applied.sort(
        Comparator.comparingLong(Placed::at)
            .thenComparing(Placed::eventId)
            .thenComparingInt(Placed::stream));
    List<Placed> notApplied = all.stream().filter(a -> a.at() > w).toList();
    return new Timeline(applied, notApplied, late, w);
  }

  /**
   * What a reference built on this one ({@link ReferenceJourneys}) needs to see of the computation
   * as it goes: which customer each applied event belongs to, and every merge.
   */
  interface Observer {
    Observer NONE = new Observer() {};

    /**
     * Event {@code a} was applied and belongs to customer {@code customer}: its canonical id after
     * every link the event made (its own ids', then its referrer's). For an accepted invitation
     * with referrer ids, {@code inviter} is the canonical id those ids resolved to; else null.
     */
    default void applied(Placed a, String customer, String inviter) {}

    /**
     * At record time {@code t}, a link made by event {@code byEventId} absorbed customer {@code
     * absorbed} into {@code into}.
     */
    default void merged(String absorbed, String into, long t, String byEventId) {}
  }

  /** Computes everything from the records of the input topics (any order across partitions). */
  static Result compute(Collection<Input> inputs, PhoneHasher hasher, Params params) {
    return compute(inputs, hasher, params, Observer.NONE);
  }

  /** {@link #compute(Collection, PhoneHasher, Params)}, telling {@code observer} as it goes. */
  static Result compute(
      Collection<Input> inputs, PhoneHasher hasher, Params params, Observer observer) {
    Timeline timeline = timeline(inputs, params);
    List<Placed> applied = timeline.applied();
    long w = timeline.finalWatermark();
    long earliestTs = applied.stream().mapToLong(Placed::ts).min().orElse(w);
    if (w - earliestTs >= Math.min(params.windowMs(), params.retentionMs())) {
      throw new IllegalStateException(
          "the history spans more than the RFM window or the retention, which this reference does"
              + " not model");
    }

    // 3-9: the events one at a time.
    World world = new World(hasher, params, observer);
    for (Placed a : applied) {
      world.apply(a);
    }
    // 10: the end.
    for (Customer c : world.customers.values()) {
      if (c.mergedInto != null) {
        world.count("anomaly.customer-half-merged");
        continue;
      }
      world.age(c, w);
      Merged m = world.merged(c);
      if (!stageAt(params, m.lifetimeOrders, m.last, m.previous, w).equals(c.stage)) {
        throw new IllegalStateException("reference bug: " + c.key + " is not at its stage");
      }
    }
    Map<String, Expected> profiles = new TreeMap<>();
    Map<String, Integer> fissionDepths = new TreeMap<>();
    for (Customer c : world.customers.values()) {
      profiles.put(c.key, world.profile(c, w));
      fissionDepths.put(c.key, world.merged(c).fissionDepth());
    }
    Map<String, List<Transition>> paths = new TreeMap<>();
    world.paths.forEach((k, p) -> paths.put(k, normalize(collapse(p))));
    long written = world.paths.values().stream().mapToLong(List::size).sum();
    for (List<Transition> path : paths.values()) {
      Map<Long, Integer> perInstant = new HashMap<>();
      path.stream()
          .filter(t -> !t.cause().equals("first_seen"))
          .forEach(t -> perInstant.merge(t.at(), 1, Integer::sum));
      perInstant.values().stream()
          .filter(n -> n > 1)
          .forEach(n -> world.count("transitions.instants-with-several-stage-changes"));
    }
    Map<String, Long> counts = new TreeMap<>(world.counts);
    Set<String> later = new TreeSet<>();
    for (Placed a : timeline.notApplied()) {
      for (String id : ids(a.json().get("ids"), hasher)) {
        String customer = world.canonicalOf.getOrDefault(id, id);
        later.add(customer);
        Node node = world.nodes.get(customer);
        if (node != null && node.referrer != null) {
          later.add(world.canonicalOf.get(node.referrer)); // its inviter's social value
        }
      }
    }
    counts.put("records.valid", (long) (applied.size() + timeline.notApplied().size()));
    counts.put("records.late", (long) timeline.late().size());
    counts.put("records.after-final-watermark", (long) timeline.notApplied().size());
    counts.put(
        "customers.with-events-after-final-watermark-or-their-inviters", (long) later.size());
    counts.put("customers.current", (long) profiles.size());
    counts.put("customers.absorbed", (long) world.closed.size());
    counts.put("transitions", paths.values().stream().mapToLong(List::size).sum());
    counts.put(
        "transitions.replaced-by-a-later-one-at-the-same-instant-and-stage",
        written - counts.get("transitions"));
    return new Result(
        w,
        profiles,
        paths,
        new TreeMap<>(world.canonicalOf),
        new TreeMap<>(world.closed),
        timeline.late(),
        later,
        counts,
        fissionDepths);
  }

  /**
   * Transitions as the table keeps them: one per (instant, target stage), the last written winning
   * (ClickHouse {@code lifecycle_transitions} is a ReplacingMergeTree on that key).
   */
  static List<Transition> collapse(List<Transition> written) {
    Map<String, Transition> last = new LinkedHashMap<>();
    for (Transition t : written) {
      String key = t.at() + "/" + t.to();
      last.remove(key);
      last.put(key, t);
    }
    return new ArrayList<>(last.values());
  }

  /**
   * A path in a canonical order, so that a path read back from a table (which knows no order within
   * one instant) compares with a computed one: by time; within one instant as a chain, each
   * transition starting where the one before ended (ties, and breaks in the chain, by from, to and
   * cause).
   */
  static List<Transition> normalize(Collection<Transition> rows) {
    List<Transition> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparingLong(Transition::at)
            .thenComparing(Transition::from)
            .thenComparing(Transition::to)
            .thenComparing(Transition::cause));
    List<Transition> out = new ArrayList<>(sorted.size());
    String stage = "";
    int i = 0;
    while (i < sorted.size()) {
      long at = sorted.get(i).at();
      List<Transition> instant = new ArrayList<>();
      while (i < sorted.size() && sorted.get(i).at() == at) {
        instant.add(sorted.get(i++));
      }
      while (!instant.isEmpty()) {
        Transition next = instant.get(0);
        for (Transition t : instant) {
          if (t.from().equals(stage)) {
            next = t;
            break;
          }
        }
        instant.remove(next);
        out.add(next);
        stage = next.to();
      }
    }
    return out;
  }

  /** One identifier's history. */
  private static final class History {
    final String key;
    String canonical;
    long firstSeen = Long.MAX_VALUE;
    final Set<String> events = new HashSet<>();
    final Map<String, long[]> orders = new LinkedHashMap<>(); // order id → {ts, net fen}
    final List<Long> paidAt = new ArrayList<>();
    int invitesAccepted;
    int inviteesBought;
    int fissionDepth;

    History(String key, String canonical) {
      this.key = key;
      this.canonical = canonical;
    }
  }

  /** A customer's profile state under its canonical id. */
  private static final class Customer {
    final String key;
    final Map<String, History> members = new LinkedHashMap<>();
    String stage = PROSPECT;
    long lastPurchase = Long.MIN_VALUE; // as of the last evaluation
    String mergedInto;

    Customer(String key) {
      this.key = key;
    }
  }

  /** A customer in the identity graph: its identifiers, in order, and the referral facts. */
  private static final class Node {
    List<String> members = new ArrayList<>();
    String referrer; // the inviter's canonical id when the invitation was accepted
    long invitedAt;
    boolean inviteeBought;
    long lastPaidAt = Long.MIN_VALUE;
  }

  /** The customers' histories merged: what the models read. */
  private record Merged(
      int lifetimeOrders,
      long last,
      long previous,
      Map<String, long[]> orders,
      int invitesAccepted,
      int inviteesBought,
      int fissionDepth) {}

  private record Award(String canonical, String credit, int level) {}

  /** The whole state, advanced one event at a time. */
  private static final class World {
    final PhoneHasher hasher;
    final Params p;
    final Map<String, String> canonicalOf = new HashMap<>();
    final Map<String, Node> nodes = new HashMap<>();
    final Map<String, History> histories = new HashMap<>();
    final Map<String, Customer> customers = new TreeMap<>();
    final Map<String, String> closed = new TreeMap<>();
    final Map<String, List<Transition>> paths = new HashMap<>();
    final Map<String, Long> counts = new TreeMap<>();
    final Observer observer;

    World(PhoneHasher hasher, Params p, Observer observer) {
      this.hasher = hasher;
      this.p = p;
      this.observer = observer;
    }

    void count(String what) {
      counts.merge(what, 1L, Long::sum);
    }

    /** The event whose links are being made (merge notices name it). */
    private String linking;

    void apply(Placed a) {
      JsonNode e = a.json();
      long t = a.at();
      List<Award> awards = new ArrayList<>();
      List<String> ids = ids(e.get("ids"), hasher);
      linking = a.eventId();
      String canonical = link(ids, t, awards);
      JsonNode referrer = invitation(e) ? e.get("referrer_ids") : null;
      String inviter = null;
      if (referrer != null && referrer.isObject() && !ids(referrer, hasher).isEmpty()) {
        inviter = link(ids(referrer, hasher), t, awards);
        canonical = canonicalOf.get(canonical); // the inviter's links may have merged the invitee
      }
      event(ids.get(0), canonical, a);
      if (inviter != null) {
        inviteAccepted(canonical, inviter, a.ts(), awards);
      } else if (STREAMS.get(a.stream()).equals("purchase")
          && "paid".equals(e.get("status").asText())) {
        purchased(canonical, a.ts(), awards);
      }
      for (Award award : awards) {
        credit(award, t);
      }
      observer.applied(a, canonicalOf.get(canonical), inviter);
    }

    /** Links identifiers seen together; moves the histories of absorbed customers. */
    String link(List<String> ids, long t, List<Award> awards) {
      Set<String> known = new LinkedHashSet<>();
      List<String> fresh = new ArrayList<>();
      for (String id : ids) {
        String c = canonicalOf.get(id);
        if (c == null) {
          fresh.add(id);
        } else {
          known.add(c);
        }
      }
      if (fresh.isEmpty() && known.size() == 1) {
        return known.iterator().next();
      }
      int size = fresh.size();
      for (String c : known) {
        size += nodes.get(c).members.size();
      }
      if (size > p.maxIdsPerCustomer()) {
        count("identity.refused");
        if (canonicalOf.containsKey(ids.get(0))) {
          return canonicalOf.get(ids.get(0));
        }
        Node alone = new Node();
        alone.members.add(ids.get(0));
        nodes.put(ids.get(0), alone);
        canonicalOf.put(ids.get(0), ids.get(0));
        return ids.get(0);
      }
      String winner = null;
      for (String c : known) {
        winner = winner == null || stronger(c, winner) ? c : winner;
      }
      for (String f : fresh) {
        winner = winner == null || stronger(f, winner) ? f : winner;
      }
      Node root = known.contains(winner) ? nodes.get(winner) : new Node();
      Set<String> members = new LinkedHashSet<>();
      members.add(winner);
      members.addAll(root.members);
      List<String> moved = new ArrayList<>();
      for (String c : known) {
        if (c.equals(winner)) {
          continue;
        }
        Node loser = nodes.remove(c);
        observer.merged(c, winner, t, linking);
        if (root.referrer == null && loser.referrer != null) {
          root.referrer = loser.referrer;
          root.invitedAt = loser.invitedAt;
        }
        root.inviteeBought |= loser.inviteeBought;
        root.lastPaidAt = Math.max(root.lastPaidAt, loser.lastPaidAt);
        for (String m : loser.members) {
          members.add(m);
          moved.add(m);
          canonicalOf.put(m, winner);
        }
      }
      for (String f : fresh) {
        members.add(f);
        canonicalOf.put(f, winner);
      }
      root.members = new ArrayList<>(members);
      nodes.put(winner, root);
      if (!moved.isEmpty()) {
        count("identity.merges");
        if (root.referrer != null
            && !root.inviteeBought
            && root.lastPaidAt >= root.invitedAt
            && !winner.equals(canonicalOf.get(root.referrer))) {
          root.inviteeBought = true;
          awards.add(new Award(canonicalOf.get(root.referrer), "bought", 1));
        }
      }
      for (String m : moved) {
        History h = histories.get(m);
        if (h != null && !h.canonical.equals(winner)) {
          move(h, winner, t);
        }
      }
      return winner;
    }

    void inviteAccepted(String invitee, String inviter, long ts, List<Award> awards) {
      if (invitee.equals(inviter)) {
        return;
      }
      Node x = nodes.get(invitee);
      if (x == null) {
        count("anomaly.invitee-merged-by-its-referrer-ids");
        return;
      }
      if (x.referrer != null) {
        return;
      }
      x.referrer = inviter;
      x.invitedAt = ts;
      x.inviteeBought = x.lastPaidAt >= ts;
      awards.add(new Award(inviter, "accepted", 1));
      if (x.inviteeBought) {
        awards.add(new Award(inviter, "bought", 1));
      }
      String ancestor = inviter;
      for (int level = 1; ancestor != null && level <= FISSION_LEVELS; level++) {
        if (ancestor.equals(invitee)) {
          break;
        }
        awards.add(new Award(ancestor, "fission", level));
        String up = nodes.get(ancestor).referrer;
        ancestor = up == null ? null : canonicalOf.get(up);
      }
    }

    void purchased(String buyer, long ts, List<Award> awards) {
      Node x = nodes.get(buyer);
      boolean credit = x.referrer != null && !x.inviteeBought && ts >= x.invitedAt;
      x.lastPaidAt = Math.max(x.lastPaidAt, ts);
      if (credit) {
        x.inviteeBought = true;
        awards.add(new Award(canonicalOf.get(x.referrer), "bought", 1));
      }
    }

    /** An event applied to the history of its strongest identifier. */
    void event(String key, String canonical, Placed a) {
      History h = histories.get(key);
      if (h == null) {
        h = new History(key, canonical);
        histories.put(key, h);
      } else if (!h.canonical.equals(canonical)) {
        count("anomaly.history-moved-by-its-event");
        move(h, canonical, a.at());
      }
      if (!h.events.add(a.stream() + "/" + a.eventId())) {
        count("events.re-sent");
        return;
      }
      count("events.applied");
      h.firstSeen = Math.min(h.firstSeen, a.ts());
      String cause = "event";
      JsonNode e = a.json();
      if (STREAMS.get(a.stream()).equals("purchase")) {
        String order = e.get("order_id").asText();
        long fen = Math.round(e.get("amount").asDouble() * 100);
        long[] known = h.orders.get(order);
        if ("paid".equals(e.get("status").asText())) {
          if (known == null) {
            h.orders.put(order, new long[] {a.ts(), fen});
            h.paidAt.add(a.ts());
            cause = "purchase";
          }
        } else if (known != null) {
          known[1] -= Math.min(fen, known[1]);
        }
      }
      update(h.canonical, h, a.at(), cause);
    }

    void credit(Award award, long t) {
      History h = histories.get(award.canonical());
      if (h == null) {
        h = new History(award.canonical(), award.canonical());
        histories.put(award.canonical(), h);
      } else if (!h.canonical.equals(award.canonical())) {
        count("anomaly.credit-history-elsewhere");
        move(h, award.canonical(), t);
      }
      h.firstSeen = Math.min(h.firstSeen, t);
      switch (award.credit()) {
        case "accepted" -> h.invitesAccepted++;
        case "bought" -> h.inviteesBought++;
        default -> h.fissionDepth = Math.max(h.fissionDepth, award.level());
      }
      update(h.canonical, h, t, "referral");
    }

    void move(History h, String to, long t) {
      left(h.canonical, h.key, to, t);
      h.canonical = to;
      update(to, h, t, "merge");
    }

    /** A history left customer {@code key} for {@code to}: the last one to leave closes it. */
    void left(String key, String member, String to, long t) {
      Customer c = customers.get(key);
      if (c == null) {
        return;
      }
      if (c.mergedInto == null) {
        int before = paths.get(key).size();
        age(c, t);
        if (paths.get(key).size() > before) {
          count("customers.absorbed-after-ageing-since-their-last-event");
        }
      }
      c.members.remove(member);
      c.mergedInto = to;
      if (c.members.isEmpty()) {
        customers.remove(key);
        closed.put(key, to);
      }
    }

    /** A history of customer {@code key} changed (or joined it) at record time t. */
    void update(String key, History h, long t, String cause) {
      Customer c = customers.get(key);
      if (c == null) {
        c = new Customer(key);
        customers.put(key, c);
        transition(c, PROSPECT, h.firstSeen, "first_seen");
      }
      boolean joined = c.members.put(h.key, h) == null;
      if (c.mergedInto != null) {
        return;
      }
      String why = joined && c.members.size() > 1 ? "merge" : cause;
      age(c, t);
      Merged m = merged(c);
      String target = stageAt(p, m.lifetimeOrders(), m.last(), m.previous(), t);
      if (!target.equals(c.stage)) {
        if (!why.equals(cause)) {
          count("transitions.merge-caused-by-a-new-identifier's-own-" + cause);
        }
        transition(c, target, t, why);
      }
      c.lastPurchase = m.last();
    }

    /** Ages the stage through every threshold at or before t, each stamped when crossed. */
    void age(Customer c, long t) {
      while (!aged(c.stage, c.lastPurchase, t).equals(c.stage)) {
        long at = nextAgeing(c.stage, c.lastPurchase);
        if (at == Long.MAX_VALUE || at > t) {
          throw new IllegalStateException("reference bug: ageing " + c.key + " from " + c.stage);
        }
        transition(c, aged(c.stage, c.lastPurchase, at), at, "ageing");
      }
    }

    void transition(Customer c, String to, long at, String cause) {
      count("transitions.written." + cause);
      paths
          .computeIfAbsent(c.key, k -> new ArrayList<>())
          .add(new Transition(cause.equals("first_seen") ? "" : c.stage, to, at, cause));
      c.stage = to;
    }

    String aged(String stage, long last, long t) {
      if (stage.equals(PROSPECT)) {
        return stage;
      }
      String lapsed = lapsed(p, t - last);
      return lapsed != null ? lapsed : stage;
    }

    long nextAgeing(String stage, long last) {
      return switch (stage) {
        case NEW, ACTIVE, WON_BACK -> last + p.atRiskMs();
        case AT_RISK -> last + p.dormantMs();
        case DORMANT -> last + p.churnedMs();
        default -> Long.MAX_VALUE;
      };
    }

    Merged merged(Customer c) {
      int n = 0;
      List<Long> paid = new ArrayList<>();
      Map<String, long[]> orders = new LinkedHashMap<>();
      int accepted = 0;
      int bought = 0;
      int depth = 0;
      for (History h : c.members.values()) {
        depth = Math.max(depth, h.fissionDepth);
        n += h.paidAt.size();
        paid.addAll(h.paidAt);
        h.orders.forEach(orders::putIfAbsent);
        accepted += h.invitesAccepted;
        bought += h.inviteesBought;
      }
      paid.sort(Comparator.reverseOrder());
      long last = paid.isEmpty() ? Long.MIN_VALUE : paid.get(0);
      long previous = paid.size() < 2 ? Long.MIN_VALUE : paid.get(1);
      return new Merged(n, last, previous, orders, accepted, bought, depth);
    }

    Expected profile(Customer c, long w) {
      Merged m = merged(c);
      int windowOrders = 0;
      long net = 0;
      for (long[] o : m.orders().values()) {
        if (o[0] > w - p.windowMs()) {
          windowOrders += o[1] > 0 ? 1 : 0;
          net += o[1];
        }
      }
      return new Expected(
          c.stage,
          windowOrders == 0 ? "NONE" : segment(w - m.last(), windowOrders, net),
          m.lifetimeOrders(),
          windowOrders,
          m.invitesAccepted(),
          m.inviteesBought());
    }

    /** The eight classic segments from the configured cut points. */
    String segment(long quiet, int orders, long netFen) {
      int r = 5;
      while (r > 1 && quiet > p.recencyMs()[5 - r]) {
        r--;
      }
      int f = 1;
      while (f < 5 && orders >= p.frequency()[f - 1]) {
        f++;
      }
      int m = 1;
      while (m < 5 && netFen >= p.monetaryFen()[m - 1]) {
        m++;
      }
      String value = m >= p.highScore() ? "IMPORTANT_" : "GENERAL_";
      boolean recent = r >= p.highScore();
      boolean frequent = f >= p.highScore();
      return value
          + (recent ? (frequent ? "VALUE" : "DEVELOP") : (frequent ? "RETAIN" : "WINBACK"));
    }
  }

  /** The stage that {@code quiet} time since the last purchase means, or null if not lapsed. */
  static String lapsed(Params p, long quiet) {
    if (quiet >= p.churnedMs()) {
      return CHURNED;
    }
    if (quiet >= p.dormantMs()) {
      return DORMANT;
    }
    return quiet >= p.atRiskMs() ? AT_RISK : null;
  }

  /** The stage at t from the paid orders: n, the latest L and the one before P. */
  static String stageAt(Params p, int n, long last, long previous, long t) {
    if (n == 0) {
      return PROSPECT;
    }
    String lapsed = lapsed(p, t - last);
    if (lapsed != null) {
      return lapsed;
    }
    if (n == 1) {
      return NEW;
    }
    return last - previous >= p.atRiskMs() ? WON_BACK : ACTIVE;
  }

  private static JsonNode parse(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException("a record the generator calls valid does not parse", e);
    }
  }

  /**
   * Every identifier of the valid records → the canonical id it ends up with when every link of
   * every record counts (a union of identifiers seen together, without refusals or an end of
   * input).
   */
  static Map<String, String> canonicalIds(Iterable<GeneratedRecord> records, PhoneHasher hasher) {
    Map<String, String> parent = new HashMap<>();
    for (GeneratedRecord r : records) {
      if (!r.valid()) {
        continue;
      }
      JsonNode e = parse(r.value());
      union(parent, ids(e.get("ids"), hasher));
      JsonNode referrer = invitation(e) ? e.get("referrer_ids") : null;
      if (referrer != null && referrer.isObject() && !ids(referrer, hasher).isEmpty()) {
        union(parent, ids(referrer, hasher));
      }
    }
    Map<String, String> strongest = new HashMap<>();
    for (String id : parent.keySet()) {
      strongest.merge(root(parent, id), id, (a, b) -> stronger(a, b) ? a : b);
    }
    Map<String, String> canonical = new HashMap<>();
    for (String id : parent.keySet()) {
      canonical.put(id, strongest.get(root(parent, id)));
    }
    return canonical;
  }

  private static void union(Map<String, String> parent, List<String> ids) {
    for (String id : ids) {
      parent.putIfAbsent(id, id);
    }
    for (int i = 1; i < ids.size(); i++) {
      parent.put(root(parent, ids.get(i)), root(parent, ids.get(0)));
    }
  }

  private static String root(Map<String, String> parent, String id) {
    String r = id;
    while (!parent.get(r).equals(r)) {
      r = parent.get(r);
    }
    return r;
  }

  /** The strongest id, kind-prefixed, the phone hashed: the key an event's own history has. */
  static String key(JsonNode ids, PhoneHasher hasher) {
    return ids(ids, hasher).get(0);
  }

  /** An accepted invitation: its referrer ids are one person, the inviter. */
  static boolean invitation(JsonNode e) {
    return e.has("type") && e.get("type").asText().equals("invite_accept");
  }

  /** The identifiers of an {@code ids} object, prefixed by kind, strongest first. */
  static List<String> ids(JsonNode ids, PhoneHasher hasher) {
    List<String> out = new ArrayList<>(4);
    for (String[] kind :
        new String[][] {{"member_id", "m:"}, {"union_id", "u:"}, {"open_id", "o:"}}) {
      JsonNode v = ids.get(kind[0]);
      if (v != null && !v.isNull() && !v.asText().isEmpty()) {
        out.add(kind[1] + v.asText());
      }
    }
    JsonNode phone = ids.get("phone");
    if (phone != null && !phone.isNull() && !phone.asText().isEmpty()) {
      out.add("p:" + hasher.hash(phone.asText()));
    }
    return out;
  }

  /** True if {@code a} is a stronger identifier than {@code b}: kind, then the smaller text. */
  private static boolean stronger(String a, String b) {
    String kinds = "muop";
    int ka = kinds.indexOf(a.charAt(0));
    int kb = kinds.indexOf(b.charAt(0));
    return ka != kb ? ka < kb : a.compareTo(b) < 0;
  }
}
