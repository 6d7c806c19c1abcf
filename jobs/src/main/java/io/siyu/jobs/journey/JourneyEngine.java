package io.siyu.jobs.journey;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.Must;
import io.siyu.jobs.config.JourneyDefinition.ReEntry;
import io.siyu.jobs.config.JourneysConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every journey of the journey file over one customer's {@link CustomerJourneys}, without Flink:
 * the events come out of the customer's one buffer in event-time order, each gets its history
 * ("seen before", channel, guide), and every journey that looks at its kind takes it. {@link
 * JourneyEngineFunction} runs this keyed by customer; the benchmark's baseline runs it over a
 * HashMap.
 *
 * <p>A {@code sequence} journey is "entry, then follow-up within a time limit", with the semantics
 * of the Flink CEP pattern {@code begin(entry).followedBy(followUp).within(limit)} (relaxed
 * contiguity; limit exclusive: a follow-up exactly {@code within} after the entry is too late):
 *
 * <ul>
 *   <li>no follow-up: every entry fires;
 *   <li>must not happen: the time limit passing fires; the follow-up (or a merge notice, or with
 *       {@code re-entry: restart} a newer entry) closes every open entry of the journey without a
 *       trigger;
 *   <li>must happen: the follow-up fires for the earliest open entry and closes the others (CEP's
 *       skip-past-last-event: first-touch attribution), and an entry that is itself that follow-up
 *       opens nothing; the time limit passing closes an entry without a trigger.
 * </ul>
 *
 * <p>Why not CEP's operator: it keeps one event buffer and one NFA per journey and key, and
 * re-registers a timer for every key with an open partial match on every watermark advance — with
 * 30-day journeys that is nearly every customer, every 200 ms (BENCHMARKS.md measures it). Here a
 * customer has one buffer, one state value and one timer (its next event or time limit).
 */
public final class JourneyEngine implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Marks a buffered event the gate found late in its partition (raw buffered events carry no
   * history yet, so their {@code seenBefore} is free to say so).
   */
  static final long LATE_IN_PARTITION = -1L;

  /** What the engine emits. */
  public interface Output {
    void trigger(JourneyTrigger t);

    void late(LateEvent e);

    /** Counts one outcome ({@link Outcome}) of a journey (its position in the file). */
    void count(int journey, Outcome outcome);
  }

  /** Outcomes counted per journey, as metrics. */
  public enum Outcome {
    FIRED,
    CONVERTED,
    SUPERSEDED,
    EXPIRED,
    ENDED_BY_MERGE
  }

  private final List<Step> steps = new ArrayList<>();
  private final Map<String, Step> byId = new HashMap<>();

  public JourneyEngine(JourneysConfig settings, Map<String, CampaignConfig> campaigns) {
    List<JourneyDefinition> list = settings.list();
    for (int i = 0; i < list.size(); i++) {
      JourneyDefinition j = list.get(i);
      Step s =
          j.kind() == JourneyDefinition.Kind.CARD_COLLECTION
              ? new Cards(i, j, settings, campaigns)
              : new Sequence(i, j, settings);
      steps.add(s);
      byId.put(j.id(), s);
    }
  }

  /** The journey ids, in file order (the order of {@link Output#count}'s positions). */
  public List<String> journeyIds() {
    return steps.stream().map(s -> s.triggers.journey().id()).toList();
  }

  /**
   * Buffers {@code e} in {@code c} at {@code at} (its record timestamp), as {@link
   * JourneyEngineFunction} does; false if it is a re-send of a buffered event. For callers without
   * Flink (the benchmark's baseline), which then {@link #advance} the customer themselves.
   */
  public static boolean offer(CustomerJourneys c, long at, JourneyEvent e) {
    return c.buffer(at, e);
  }

  /**
   * Processes every buffered event at or before {@code watermark}, in order, each after the time
   * limits that passed before it; then the time limits passed by {@code watermark}. The result does
   * not depend on how far the watermark went at once: an event at or before it cannot still come.
   */
  public void advance(CustomerJourneys c, long watermark, Output out) {
    int done = 0;
    while (done < c.pending.length && c.pendingAt[done] <= watermark) {
      long at = c.pendingAt[done];
      JourneyEvent e = c.pending[done];
      done++;
      expire(c, at, out);
      if (e.seenBefore() == LATE_IN_PARTITION) {
        out.late(new LateEvent(e.customerId(), e.kind(), e.eventId(), e.ts(), at - 1));
        c.seenKinds |= 1L << EventKinds.bit(e.kind());
        continue;
      }
      // The event's own channel and guide, if it has them, are the newest the customer has.
      String channel = e.contactChannel() != null ? e.contactChannel() : c.contactChannel;
      String guide = e.guideId() != null ? e.guideId() : c.guideId;
      JourneyEvent seen =
          new JourneyEvent(
              e.customerId(),
              e.kind(),
              e.eventId(),
              e.ts(),
              c.seenKinds,
              channel,
              guide,
              e.sku(),
              e.campaignId(),
              e.orderId(),
              e.card(),
              e.referrerId(),
              e.referrerIds(),
              e.stage());
      c.seenKinds |= 1L << EventKinds.bit(e.kind());
      c.contactChannel = channel;
      c.guideId = guide;
      long kind = 1L << EventKinds.bit(e.kind());
      for (Step s : steps) {
        if ((s.kinds & kind) != 0) {
          s.take(c, seen, at, out);
        }
      }
    }
    c.dropPending(done);
    expire(c, watermark, out);
  }

  /**
   * The next time at which the watermark changes something for this customer: its earliest buffered
   * event or time limit; {@link Long#MAX_VALUE} if none.
   */
  public long nextDue(CustomerJourneys c) {
    long due = c.pending.length > 0 ? c.pendingAt[0] : Long.MAX_VALUE;
    for (int i = 0; i < c.openJourney.length; i++) {
      Step s = byId.get(c.openJourney[i]);
      long deadline = s instanceof Sequence q ? c.openStart[i] + q.withinMs : Long.MIN_VALUE;
      due = Math.min(due, deadline);
    }
    return due;
  }

  /** Closes the open journeys whose time limit passed at {@code time} (or that no longer exist). */
  private void expire(CustomerJourneys c, long time, Output out) {
    boolean[] remove = null;
    for (int i = 0; i < c.openJourney.length; i++) {
      Step s = byId.get(c.openJourney[i]);
      if (!(s instanceof Sequence q)) {
        remove = mark(remove, c, i); // a journey removed from the file
      } else if (time - c.openStart[i] >= q.withinMs) {
        remove = mark(remove, c, i);
        q.timedOut(c.openEntry[i], out);
      }
    }
    if (remove != null) {
      c.close(remove);
    }
  }

  private static boolean[] mark(boolean[] remove, CustomerJourneys c, int i) {
    boolean[] r = remove == null ? new boolean[c.openJourney.length] : remove;
    r[i] = true;
    return r;
  }

  /** One journey of the file. */
  private abstract static class Step implements Serializable {
    private static final long serialVersionUID = 1L;
    final int position;
    final TriggerFactory triggers;

    /** The kinds of event it takes (with the merge notice), a bit each. */
    long kinds;

    Step(int position, JourneyDefinition j, JourneysConfig settings) {
      this.position = position;
      this.triggers = new TriggerFactory(j, position, settings);
    }

    abstract void take(CustomerJourneys c, JourneyEvent e, long at, Output out);
  }

  /** A {@code sequence} journey (see the class comment). */
  private static final class Sequence extends Step {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final JourneyCondition entry;
    private final JourneyCondition followUp;
    private final JourneyCondition merged = JourneyCondition.merged();
    private final boolean restart;
    private final boolean mustHappen;
    final long withinMs;

    Sequence(int position, JourneyDefinition j, JourneysConfig settings) {
      super(position, j, settings);
      this.id = j.id();
      this.entry = JourneyCondition.entry(j);
      this.followUp = j.followUp() == null ? null : JourneyCondition.followUp(j);
      this.restart = j.reEntry() == ReEntry.RESTART;
      this.mustHappen = followUp != null && j.followUp().must() == Must.HAPPEN;
      this.withinMs = followUp == null ? 0 : j.followUp().within().toMillis();
      this.kinds = entry.kinds() | (followUp == null ? 0 : followUp.kinds() | merged.kinds());
    }

    @Override
    void take(CustomerJourneys c, JourneyEvent e, long at, Output out) {
      boolean isEntry = entry.filter(e);
      if (followUp == null) {
        if (isEntry) {
          fire(e, null, e.ts(), JourneyTrigger.CAUSE_EVENT, e.eventId(), out);
        }
        return;
      }
      boolean isMerge = merged.filter(e);
      boolean isFollowUp = followUp.filter(e);
      boolean opensNew = isEntry;
      if (isFollowUp || isMerge || (restart && isEntry)) {
        boolean[] closed = null;
        boolean first = true;
        for (int i = 0; i < c.openJourney.length; i++) {
          if (!id.equals(c.openJourney[i])) {
            continue;
          }
          closed = mark(closed, c, i);
          JourneyEvent opened = c.openEntry[i];
          if (isMerge) {
            // The customer was absorbed by another: no trigger under this id.
            if (!mustHappen || first) {
              out.count(position, Outcome.ENDED_BY_MERGE);
            }
          } else if (mustHappen) {
            if (first) {
              fire(
                  opened,
                  e,
                  e.ts(),
                  JourneyTrigger.CAUSE_EVENT,
                  opened.eventId() + "|" + e.eventId(),
                  out);
              // The match ends at this event: an entry at it is skipped too.
              opensNew = false;
            }
          } else {
            out.count(position, isFollowUp ? Outcome.CONVERTED : Outcome.SUPERSEDED);
          }
          first = false;
        }
        if (closed != null) {
          c.close(closed);
        }
      }
      if (opensNew) {
        c.open(id, at, e);
      }
    }

    void timedOut(JourneyEvent opened, Output out) {
      if (mustHappen) {
        out.count(position, Outcome.EXPIRED);
        return;
      }
      fire(
          opened,
          null,
          opened.ts() + withinMs,
          JourneyTrigger.CAUSE_TIMEOUT,
          opened.eventId(),
          out);
    }

    private void fire(
        JourneyEvent opened, JourneyEvent next, long at, String cause, String idPart, Output out) {
      out.count(position, Outcome.FIRED);
      out.trigger(triggers.create(opened, next, at, cause, idPart));
    }
  }

  /**
   * The {@code card-collection} journey: fires once per customer and campaign when the customer
   * holds every character card of the campaign (集卡) — one bit mask per campaign, where CEP would
   * need N! sequences or a looping pattern keeping every scan. Progress is dropped when the
   * customer is absorbed by a merge (it does not carry over to the survivor).
   */
  private static final class Cards extends Step {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, List<String>> cards = new HashMap<>();

    Cards(
        int position,
        JourneyDefinition j,
        JourneysConfig settings,
        Map<String, CampaignConfig> campaigns) {
      super(position, j, settings);
      campaigns.forEach(
          (id, cc) -> {
            if (!cc.cards().isEmpty() && (j.campaigns().isEmpty() || j.campaigns().contains(id))) {
              cards.put(id, cc.cards());
            }
          });
      this.kinds = 1L << EventKinds.bit(EventKinds.SCAN) | 1L << EventKinds.bit(EventKinds.MERGED);
    }

    @Override
    void take(CustomerJourneys c, JourneyEvent e, long at, Output out) {
      if (EventKinds.MERGED.equals(e.kind())) {
        c.clearCards();
        return;
      }
      if (e.card() == null || e.campaignId() == null) {
        return;
      }
      List<String> all = cards.get(e.campaignId());
      int index = all == null ? -1 : all.indexOf(e.card());
      if (index < 0) {
        return;
      }
      long before = c.cards(e.campaignId());
      long mask = before | 1L << index;
      long full = (1L << all.size()) - 1;
      if ((mask & CustomerJourneys.CARDS_FIRED) == 0 && (mask & full) == full) {
        mask |= CustomerJourneys.CARDS_FIRED;
        out.count(position, Outcome.FIRED);
        out.trigger(
            triggers.create(
                e, null, e.ts(), JourneyTrigger.CAUSE_EVENT, "campaign:" + e.campaignId()));
      }
      if (before != mask) {
        c.setCards(e.campaignId(), mask);
      }
    }
  }
}
