package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.siyu.e2e.ReferenceProfiles.Input;
import io.siyu.e2e.ReferenceProfiles.Placed;
import io.siyu.e2e.ReferenceProfiles.Transition;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent computation of the journey triggers the main job must decide at the end of a
 * bounded replay, from the records as Kafka holds them. Identity, event time and the lifecycle path
 * come from {@link ReferenceProfiles} (its timeline, identity graph and transition paths, observed
 * as it runs); the journeys themselves are simulated here from the journey file read as a plain
 * YAML tree and README "Journeys". Nothing of the job's classes is used but its configuration
 * values (daily cap, attribution window, zone, card campaigns).
 *
 * <p>The rules, in the order they apply ("record time" is where an event sits in event time, see
 * {@link ReferenceProfiles} rules 1-3; W is the final watermark):
 *
 * <ol>
 *   <li><b>Input per customer.</b> Every applied event (record time &lt;= W; events after W never
 *       reach the journeys) belongs to the customer its identifiers resolve to at its place in
 *       (record time, event id, stream) order, after every link the event itself makes (its own
 *       ids, then, for an {@code invite_accept}, its referrer's). An {@code invite_accept} with
 *       referrer ids names the inviter's canonical id at that moment (the referrer's ids are linked
 *       before the event is sent on). Its kind: {@code scan}, {@code purchase} (status paid),
 *       {@code refund} (any other status), or the interaction type.
 *   <li><b>Lifecycle changes.</b> Every transition of the customer's path to a stage a journey
 *       names (AT_RISK for win-back) is an item of kind {@code lifecycle} with id {@code
 *       lifecycle:<STAGE>:<at>} at record time {@code at}: the profile emits a transition from the
 *       event-time timer it is computed in, and an AT_RISK step is computed either by its own
 *       ageing timer (at the ageing instant) or inside an update at that very instant (a stage
 *       change by an update is stamped with the update's time). Transitions to the same stage at
 *       the same instant are one item (the path as the table keeps it).
 *   <li><b>Merge notices.</b> When a link absorbs a customer (one notice per absorbed canonical id,
 *       also for links made by referrer ids), the absorbed customer gets an item of kind {@code
 *       merged} with id {@code <linking event id>|merged:<survivor>} at the record time t of the
 *       linking event.
 *   <li><b>Order.</b> A customer's items in order of (record time, id), except that a merge notice
 *       comes last among the items at its instant; an item with the same id at the same record time
 *       as an earlier one is a re-send and dropped.
 *   <li><b>History and lateness.</b> "Seen before" is the set of kinds of the customer's earlier
 *       items (per canonical id: a survivor does not inherit what the absorbed customer saw). An
 *       event late in its partition (record time != its ts) counts for "seen before" at its place
 *       but is matched by no journey; it is recorded in {@code journey_late_events} under the
 *       customer it resolved to.
 *   <li><b>Conditions.</b> An entry: the item's kind is one of the entry's events; with {@code
 *       first-only}, none of the entry's kinds was seen before; with {@code stage}, the lifecycle
 *       item enters that stage; a {@code recipient: referrer} journey needs an item naming an
 *       inviter other than the customer itself. A follow-up: the kind is one of the follow-up's
 *       events (and {@code first-only} likewise).
 *   <li><b>A journey without follow-up</b> fires on every entry, at its time; id part: the entry
 *       id.
 *   <li><b>A journey with follow-up</b>, per customer, items one at a time: first, every open entry
 *       whose time limit is at or before the item's record time (entry + {@code within} &lt;= item:
 *       the limit is exclusive) times out — a {@code not-happen} journey fires at entry + within
 *       (cause timeout, id part: the entry id), a {@code happen} journey expires. Then, if the item
 *       is a follow-up, or (re-entry {@code restart}) an entry, or the merge notice, it ends every
 *       open entry: a {@code happen} journey fires once, for the earliest open entry (at the
 *       follow-up's time, recipient from that entry, id part: entry id + "|" + follow-up id) unless
 *       the item is the merge notice; a {@code not-happen} journey does not fire. Then, if the item
 *       is an entry, it opens. At the end, entries whose limit is at or before W time out as above;
 *       later ones stay open.
 *   <li><b>Card collection</b>: per customer and campaign, the cards of non-late scans whose reward
 *       names a card of the campaign; the scan that completes the set fires once (id part: {@code
 *       campaign:<id>}); the merge notice forgets every campaign's progress.
 *   <li><b>Merges</b> (README "Journeys", Limits): the merge notice ends every journey open under
 *       the absorbed id without a trigger; nothing carries over to the survivor, whose journeys go
 *       on with the events that resolve to it from then on.
 *   <li><b>Trigger</b>: recipient = the customer (subject), or for {@code recipient: referrer} the
 *       inviter the entry named; id = the first 16 bytes (hex) of SHA-256 over journey, recipient
 *       and id part, each NUL-terminated.
 *   <li><b>Frequency cap</b>, per recipient, the triggers in order of (firing time, position of the
 *       journey in the file, trigger id): {@code once} if a {@code re-entry: once} journey was sent
 *       to the recipient before; else {@code cooldown} if the same journey was sent less than its
 *       cooldown before; else, unless exempt, {@code daily_cap} if {@code daily-cap} triggers were
 *       already sent on the business day (in the configured zone) of its firing time. Capped
 *       triggers count for nothing. Every trigger fires at or before W, so all are decided.
 *   <li><b>Conversions</b> ({@code v_journey_conversion}): a sent trigger converted if a paid
 *       purchase record (any valid one, also after W) of the same customer has ts in (fired, fired
 *       + attribution window]; "the same customer": the recipient and the purchase's strongest
 *       identifier each mapped to their canonical id at W (themselves if unknown then).
 * </ol>
 */
final class ReferenceJourneys {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String MERGED = "merged";
  static final String LIFECYCLE = "lifecycle";

  /** A journey of the file, as far as the rules need it. */
  record Journey(
      String id,
      int priority,
      boolean cards,
      Set<String> campaigns,
      Set<String> entryKinds,
      boolean entryFirstOnly,
      String stage,
      Set<String> followKinds,
      boolean followFirstOnly,
      boolean mustHappen,
      long withinMs,
      boolean toReferrer,
      String reEntry,
      long cooldownMs,
      boolean exempt) {
    boolean hasFollowUp() {
      return followKinds != null;
    }
  }

  /** What the cap and the ids need of the configuration. */
  record Settings(
      List<Journey> journeys,
      int dailyCap,
      long attributionMs,
      ZoneId zone,
      Map<String, List<String>> cards) {}

  /**
   * One item of a customer's journey input: an event, a lifecycle change or a merge notice, at its
   * record time {@code at} ({@code ts}: the event's own time).
   */
  record Item(
      String customer,
      String kind,
      String id,
      long at,
      long ts,
      boolean late,
      String inviter,
      String campaign,
      String card,
      String stage) {
    @Override
    public String toString() {
      return Instant.ofEpochMilli(at)
          + " "
          + id
          + " "
          + kind
          + (late ? " (late, ts " + Instant.ofEpochMilli(ts) + ")" : "")
          + (inviter != null ? " inviter " + inviter : "")
          + (card != null ? " card " + campaign + "/" + card : "");
    }
  }

  /** An item as the patterns see it: with the kinds seen before it. */
  private record Seen(Item item, Set<String> before) {
    String kind() {
      return item.kind();
    }
  }

  /** A trigger as the job must decide it. */
  record Trigger(
      String id,
      String journey,
      String recipient,
      String subject,
      long firedAt,
      int priority,
      String cause,
      String entryId,
      String followUpId,
      String status,
      String capReason) {
    boolean sent() {
      return "sent".equals(status);
    }

    Trigger decided(String newStatus, String reason) {
      return new Trigger(
          id,
          journey,
          recipient,
          subject,
          firedAt,
          priority,
          cause,
          entryId,
          followUpId,
          newStatus,
          reason);
    }

    @Override
    public String toString() {
      return journey
          + " "
          + id
          + " to "
          + recipient
          + (subject.equals(recipient) ? "" : " (subject " + subject + ")")
          + " at "
          + Instant.ofEpochMilli(firedAt)
          + " "
          + cause
          + ", entry "
          + entryId
          + (followUpId == null ? "" : ", follow-up " + followUpId)
          + ", "
          + status
          + (capReason == null ? "" : " (" + capReason + ")");
    }
  }

  /** A merge: {@code absorbed} into {@code into} at record time {@code at}. */
  record Merge(String absorbed, String into, long at) {}

  /**
   * Everything computed: the final watermark, every trigger decided (sent and capped, in decision
   * order per recipient), each customer's items (for diagnosis), the late events (customer / event
   * id), the merges, the conversions per journey, and counts describing the run.
   */
  record Result(
      long finalWatermark,
      List<Trigger> decided,
      Map<String, List<Item>> items,
      Set<String> late,
      List<Merge> merges,
      Map<String, Long> conversions,
      Map<String, Long> counts) {
    List<Trigger> sent() {
      return decided.stream().filter(Trigger::sent).toList();
    }

    /** A customer's items from {@code from} to {@code to} (record time, inclusive). */
    List<Item> itemsOf(String customer, long from, long to) {
      return items.getOrDefault(customer, List.of()).stream()
          .filter(i -> i.at() >= from && i.at() <= to)
          .toList();
    }

    /** The merges a customer took part in, absorbed or surviving. */
    List<Merge> mergesOf(String customer) {
      return merges.stream()
          .filter(m -> m.absorbed().equals(customer) || m.into().equals(customer))
          .toList();
    }
  }

  private ReferenceJourneys() {}

  /** The settings of the shipped journey file and the job's configuration. */
  static Settings settings(Path journeyFile, io.siyu.jobs.config.JobConfig config) {
    Map<String, List<String>> cards = new TreeMap<>();
    config
        .campaigns()
        .forEach(
            (id, c) -> {
              if (!c.cards().isEmpty()) {
                cards.put(id, List.copyOf(c.cards()));
              }
            });
    return new Settings(
        journeys(journeyFile),
        config.journeys().dailyCap(),
        config.journeys().attributionWindow().toMillis(),
        config.zone(),
        cards);
  }

  /** The journey file read as a plain tree, with README's defaults. */
  static List<Journey> journeys(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Journey> out = new ArrayList<>();
    int priority = 0;
    for (JsonNode j : root.get("journeys")) {
      boolean cards = "card-collection".equals(text(j, "kind"));
      JsonNode entry = j.get("entry");
      JsonNode follow = j.get("follow-up");
      Set<String> campaigns = new TreeSet<>();
      if (j.has("campaigns")) {
        j.get("campaigns").forEach(c -> campaigns.add(c.asText()));
      }
      String stage = entry == null ? null : text(entry, "stage");
      out.add(
          new Journey(
              text(j, "id"),
              priority++,
              cards,
              campaigns,
              entry == null ? Set.of() : names(entry.get("events")),
              entry != null && entry.path("first-only").asBoolean(false),
              stage == null ? null : stage.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
              follow == null ? null : names(follow.get("events")),
              follow != null && follow.path("first-only").asBoolean(false),
              follow != null && "happen".equals(text(follow, "must")),
              follow == null ? 0 : millis(text(follow, "within")),
              "referrer".equals(text(j, "recipient")),
              j.has("re-entry") ? text(j, "re-entry") : "always",
              j.has("cooldown") ? millis(text(j, "cooldown")) : 0,
              j.path("exempt-from-daily-cap").asBoolean(false)));
    }
    return out;
  }

  /** Computes the triggers from the records of the input topics. */
  static Result compute(
      Collection<Input> inputs,
      PhoneHasher hasher,
      ReferenceProfiles.Params params,
      Settings settings) {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, List<Item>> byCustomer = new HashMap<>();
    List<Merge> merges = new ArrayList<>();
    Set<String> invitationsResolvedElsewhere = new HashSet<>();
    // Rules 1 and 3: identity and event time as the profile reference computes them.
    ReferenceProfiles.Result profiles =
        ReferenceProfiles.compute(
            inputs,
            hasher,
            params,
            new ReferenceProfiles.Observer() {
              @Override
              public void applied(Placed a, String customer, String inviter) {
                if (inviter != null
                    && !ReferenceProfiles.ids(a.json().get("referrer_ids"), hasher)
                        .contains(inviter)) {
                  invitationsResolvedElsewhere.add(a.eventId());
                }
                byCustomer
                    .computeIfAbsent(customer, k -> new ArrayList<>())
                    .add(item(a, customer, inviter));
              }

              @Override
              public void merged(String absorbed, String into, long t, String byEventId) {
                merges.add(new Merge(absorbed, into, t));
                byCustomer
                    .computeIfAbsent(absorbed, k -> new ArrayList<>())
                    .add(
                        new Item(
                            absorbed,
                            MERGED,
                            byEventId + "|merged:" + into,
                            t,
                            t,
                            false,
                            null,
                            null,
                            null,
                            null));
              }
            });
    long w = profiles.finalWatermark();
    // Rule 2: the lifecycle changes journeys name.
    Set<String> stages = new HashSet<>();
    settings.journeys().forEach(j -> stages.add(j.stage()));
    profiles
        .paths()
        .forEach(
            (customer, path) -> {
              for (Transition t : path) {
                if (stages.contains(t.to()) && !t.cause().equals("first_seen")) {
                  byCustomer
                      .computeIfAbsent(customer, k -> new ArrayList<>())
                      .add(
                          new Item(
                              customer,
                              LIFECYCLE,
                              "lifecycle:" + t.to() + ":" + t.at(),
                              t.at(),
                              t.at(),
                              false,
                              null,
                              null,
                              null,
                              t.to()));
                  counts.merge("items.lifecycle." + t.to(), 1L, Long::sum);
                }
              }
            });

    // Rules 4-5: each customer's items in order, with the kinds seen before.
    Map<String, List<Item>> items = new TreeMap<>();
    Map<String, List<Seen>> seen = new TreeMap<>();
    Set<String> late = new TreeSet<>();
    byCustomer.forEach(
        (customer, list) -> {
          List<Item> sorted = new ArrayList<>(list);
          sorted.sort(
              Comparator.comparingLong(Item::at)
                  .thenComparing((Item i) -> i.kind().equals(MERGED))
                  .thenComparing(Item::id));
          List<Item> kept = new ArrayList<>(sorted.size());
          for (Item i : sorted) {
            Item previous = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (previous != null && previous.at() == i.at() && previous.id().equals(i.id())) {
              counts.merge("items.re-sent-at-the-same-instant", 1L, Long::sum);
              continue;
            }
            kept.add(i);
          }
          items.put(customer, kept);
          boolean absorbed = false;
          for (Item i : kept) {
            if (absorbed && !i.kind().equals(MERGED)) {
              // Should not happen: the notice is last at its instant, and nothing comes later
              // under an absorbed id (counted, so that a report shows it).
              counts.merge("items.of-an-absorbed-customer-after-its-merge-notice", 1L, Long::sum);
            }
            absorbed |= i.kind().equals(MERGED);
          }
          Set<String> kinds = new HashSet<>();
          List<Seen> out = new ArrayList<>(kept.size());
          for (Item i : kept) {
            if (i.late()) {
              late.add(customer + "/" + i.id());
              kinds.add(i.kind());
              continue;
            }
            out.add(new Seen(i, Set.copyOf(kinds)));
            kinds.add(i.kind());
          }
          seen.put(customer, out);
        });

    // Rules 6-11: every journey per customer.
    List<Trigger> fired = new ArrayList<>();
    for (Journey j : settings.journeys()) {
      for (Map.Entry<String, List<Seen>> c : seen.entrySet()) {
        if (j.cards()) {
          cards(j, settings, c.getKey(), c.getValue(), fired, counts);
        } else if (!j.hasFollowUp()) {
          for (Seen x : c.getValue()) {
            if (entry(j, x)) {
              fired.add(trigger(j, c.getKey(), x, null, x.item().ts(), "event", x.item().id()));
            }
          }
        } else {
          sequence(j, c.getKey(), c.getValue(), w, fired, counts);
        }
      }
    }
    for (Trigger t : fired) {
      if (t.firedAt() > w) {
        throw new IllegalStateException("reference bug: a trigger after the end " + t);
      }
    }
    if (fired.stream().map(Trigger::id).distinct().count() != fired.size()) {
      throw new IllegalStateException("reference bug: two firings with one trigger id");
    }

    // Rule 12.
    List<Trigger> decided = cap(fired, settings, counts);

    // Rule 13.
    Map<String, Long> conversions = conversions(inputs, hasher, profiles, decided, settings);

    // Figures.
    long applied = profiles.counts().getOrDefault("events.applied", 0L);
    counts.put("records.valid", profiles.counts().get("records.valid"));
    counts.put("records.late", profiles.counts().get("records.late"));
    counts.put(
        "records.after-final-watermark", profiles.counts().get("records.after-final-watermark"));
    counts.put("events.applied-to-histories", applied);
    counts.put("customers.with-items", (long) items.size());
    counts.put("customers.absorbed-by-merges", (long) merges.size());
    counts.put("journey-late-events", (long) late.size());
    Map<String, Merge> absorbedBy = new HashMap<>();
    Map<String, Long> survivedAt = new HashMap<>();
    for (Merge m : merges) {
      absorbedBy.putIfAbsent(m.absorbed(), m);
      survivedAt.merge(m.into(), m.at(), Math::min);
    }
    for (Trigger t : decided) {
      if (!t.sent()) {
        continue;
      }
      Long survived = survivedAt.get(t.subject());
      if (survived != null && survived <= t.firedAt()) {
        counts.merge("triggers.sent.subject-had-absorbed-a-customer-before", 1L, Long::sum);
      }
      Merge absorbed = absorbedBy.get(t.subject());
      if (absorbed != null && absorbed.at() > t.firedAt()) {
        counts.merge("triggers.sent.subject-absorbed-later", 1L, Long::sum);
      }
      if (t.journey().equals("referral-reward")) {
        if (invitationsResolvedElsewhere.contains(t.entryId())) {
          counts.merge(
              "triggers.sent.referral-to-an-id-the-invitation-did-not-carry", 1L, Long::sum);
        }
        if (t.recipient().equals(t.subject())) {
          counts.merge("triggers.sent.referral-to-the-invitee-itself", 1L, Long::sum);
        }
      }
      Long recipientSurvived = survivedAt.get(t.recipient());
      if (!t.recipient().equals(t.subject())
          && recipientSurvived != null
          && recipientSurvived <= t.firedAt()) {
        counts.merge("triggers.sent.referrer-had-absorbed-a-customer-before", 1L, Long::sum);
      }
    }
    return new Result(w, decided, items, late, merges, conversions, counts);
  }

  /** An applied event as a journey item. */
  private static Item item(Placed a, String customer, String inviter) {
    JsonNode e = a.json();
    String stream = ReferenceProfiles.STREAMS.get(a.stream());
    String kind;
    String campaign = null;
    String card = null;
    switch (stream) {
      case "scan" -> {
        kind = "scan";
        campaign = text(e, "campaign_id");
        JsonNode reward = e.get("reward");
        card = reward == null ? null : text(reward, "card");
      }
      case "purchase" -> kind = "paid".equals(text(e, "status")) ? "purchase" : "refund";
      default -> kind = text(e, "type");
    }
    return new Item(
        customer,
        kind,
        a.eventId(),
        a.at(),
        a.ts(),
        a.at() != a.ts(),
        inviter,
        campaign,
        card,
        null);
  }

  private static boolean entry(Journey j, Seen x) {
    Item i = x.item();
    return j.entryKinds().contains(i.kind())
        && !(j.entryFirstOnly() && anyOf(x.before(), j.entryKinds()))
        && (j.stage() == null || j.stage().equals(i.stage()))
        && !(j.toReferrer() && (i.inviter() == null || i.inviter().equals(i.customer())));
  }

  private static boolean followUp(Journey j, Seen x) {
    return j.followKinds().contains(x.kind())
        && !(j.followFirstOnly() && anyOf(x.before(), j.followKinds()));
  }

  private static boolean anyOf(Set<String> seen, Set<String> kinds) {
    for (String k : kinds) {
      if (seen.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** Rule 8: one journey with a follow-up, for one customer. */
  private static void sequence(
      Journey j,
      String customer,
      List<Seen> items,
      long w,
      List<Trigger> out,
      Map<String, Long> counts) {
    List<Seen> open = new ArrayList<>();
    for (Seen x : items) {
      long at = x.item().at();
      for (var it = open.iterator(); it.hasNext(); ) {
        Seen e = it.next();
        if (at >= e.item().at() + j.withinMs()) {
          timeout(j, customer, e, out, counts);
          it.remove();
        }
      }
      boolean merged = x.kind().equals(MERGED);
      boolean restart = "restart".equals(j.reEntry()) && entry(j, x);
      if (!open.isEmpty() && (merged || followUp(j, x) || restart)) {
        if (merged) {
          counts.merge("journeys.ended-by-merge." + j.id(), (long) open.size(), Long::sum);
        } else if (j.mustHappen()) {
          Seen first = open.get(0);
          out.add(
              trigger(
                  j,
                  customer,
                  first,
                  x,
                  x.item().ts(),
                  "event",
                  first.item().id() + "|" + x.item().id()));
        } else {
          counts.merge(
              (followUp(j, x) ? "journeys.converted." : "journeys.superseded.") + j.id(),
              (long) open.size(),
              Long::sum);
        }
        open.clear();
      }
      if (!merged && entry(j, x)) {
        open.add(x);
      }
    }
    for (Seen e : open) {
      if (e.item().at() + j.withinMs() <= w) {
        timeout(j, customer, e, out, counts);
      } else {
        counts.merge("journeys.open-at-the-end." + j.id(), 1L, Long::sum);
      }
    }
  }

  private static void timeout(
      Journey j, String customer, Seen e, List<Trigger> out, Map<String, Long> counts) {
    if (j.mustHappen()) {
      counts.merge("journeys.expired." + j.id(), 1L, Long::sum);
      return;
    }
    out.add(trigger(j, customer, e, null, e.item().ts() + j.withinMs(), "timeout", e.item().id()));
  }

  /** Rule 9. */
  private static void cards(
      Journey j,
      Settings settings,
      String customer,
      List<Seen> items,
      List<Trigger> out,
      Map<String, Long> counts) {
    Map<String, Long> collected = new HashMap<>();
    Set<String> completed = new HashSet<>();
    for (Seen x : items) {
      Item i = x.item();
      if (i.kind().equals(MERGED)) {
        if (!collected.isEmpty()) {
          counts.merge("journeys.ended-by-merge." + j.id(), 1L, Long::sum);
        }
        collected.clear();
        completed.clear();
        continue;
      }
      if (!i.kind().equals("scan") || i.card() == null || i.campaign() == null) {
        continue;
      }
      List<String> cards = settings.cards().get(i.campaign());
      if (cards == null || !(j.campaigns().isEmpty() || j.campaigns().contains(i.campaign()))) {
        continue;
      }
      int index = cards.indexOf(i.card());
      if (index < 0) {
        continue;
      }
      long mask = collected.merge(i.campaign(), 1L << index, (a, b) -> a | b);
      if (mask == (1L << cards.size()) - 1 && completed.add(i.campaign())) {
        out.add(trigger(j, customer, x, null, i.ts(), "event", "campaign:" + i.campaign()));
      }
    }
  }

  private static Trigger trigger(
      Journey j,
      String customer,
      Seen entry,
      Seen followUp,
      long firedAt,
      String cause,
      String idPart) {
    String recipient = j.toReferrer() ? entry.item().inviter() : customer;
    return new Trigger(
        id(j.id(), recipient, idPart),
        j.id(),
        recipient,
        customer,
        firedAt,
        j.priority(),
        cause,
        entry.item().id(),
        followUp == null ? null : followUp.item().id(),
        "pending",
        null);
  }

  /** Rule 12: the frequency cap per recipient. */
  private static List<Trigger> cap(
      List<Trigger> fired, Settings settings, Map<String, Long> counts) {
    Map<String, Journey> journeys = new HashMap<>();
    settings.journeys().forEach(j -> journeys.put(j.id(), j));
    List<Trigger> sorted = new ArrayList<>(fired);
    sorted.sort(
        Comparator.comparing(Trigger::recipient)
            .thenComparingLong(Trigger::firedAt)
            .thenComparingInt(Trigger::priority)
            .thenComparing(Trigger::id));
    List<Trigger> out = new ArrayList<>(sorted.size());
    Map<String, Long> lastSent = new HashMap<>();
    Map<String, Integer> perDay = new HashMap<>();
    for (Trigger t : sorted) {
      Journey j = journeys.get(t.journey());
      Long last = lastSent.get(t.recipient() + "/" + t.journey());
      String reason = null;
      String day =
          t.recipient()
              + "/"
              + Instant.ofEpochMilli(t.firedAt()).atZone(settings.zone()).toLocalDate();
      if (last != null && "once".equals(j.reEntry())) {
        reason = "once";
      } else if (last != null && t.firedAt() - last < j.cooldownMs()) {
        reason = "cooldown";
      } else if (!j.exempt() && perDay.getOrDefault(day, 0) >= settings.dailyCap()) {
        reason = "daily_cap";
      }
      if (reason == null) {
        if (!j.exempt()) {
          perDay.merge(day, 1, Integer::sum);
        }
        lastSent.put(t.recipient() + "/" + t.journey(), t.firedAt());
        out.add(t.decided("sent", null));
        counts.merge("triggers.sent." + t.journey(), 1L, Long::sum);
      } else {
        out.add(t.decided("capped", reason));
        counts.merge("triggers.capped." + reason + "." + t.journey(), 1L, Long::sum);
      }
    }
    return out;
  }

  /** Rule 13: sent triggers per journey that converted. */
  private static Map<String, Long> conversions(
      Collection<Input> inputs,
      PhoneHasher hasher,
      ReferenceProfiles.Result profiles,
      List<Trigger> decided,
      Settings settings) {
    Map<String, String> canonical = profiles.canonicalIds();
    Map<String, List<Long>> purchases = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (Input in : inputs) {
      if (!in.valid() || !in.stream().equals("purchase")) {
        continue;
      }
      JsonNode e;
      try {
        e = json.readTree(in.value());
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      if (!"paid".equals(text(e, "status"))) {
        continue;
      }
      String id = ReferenceProfiles.key(e.get("ids"), hasher);
      purchases
          .computeIfAbsent(canonical.getOrDefault(id, id), k -> new ArrayList<>())
          .add(e.get("ts").asLong());
    }
    Map<String, Long> out = new TreeMap<>();
    for (Trigger t : decided) {
      if (!t.sent()) {
        continue;
      }
      String customer = canonical.getOrDefault(t.recipient(), t.recipient());
      boolean converted =
          purchases.getOrDefault(customer, List.of()).stream()
              .anyMatch(p -> p > t.firedAt() && p <= t.firedAt() + settings.attributionMs());
      out.merge(t.journey(), converted ? 1L : 0L, Long::sum);
    }
    return out;
  }

  /** README "Trigger events": SHA-256 of journey, recipient, unique part, each NUL-terminated. */
  static String id(String journey, String recipient, String part) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String s : new String[] {journey, recipient, part}) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h|d)");

  /** A duration of the journey file: 2h, 14d, 30s, 500ms, 10min. */
  static long millis(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> n;
      case "s" -> n * 1_000L;
      case "min", "m" -> n * 60_000L;
      case "h" -> n * 3_600_000L;
      default -> n * 86_400_000L;
    };
  }

  private static Set<String> names(JsonNode list) {
    Set<String> names = new TreeSet<>();
    list.forEach(n -> names.add(n.asText()));
    return names;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
