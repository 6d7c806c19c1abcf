package io.siyu.jobs.profile;

import static io.siyu.jobs.profile.Events.DAY;
import static io.siyu.jobs.profile.Events.T0;
import static io.siyu.jobs.profile.Events.follow;
import static io.siyu.jobs.profile.Events.paid;
import static io.siyu.jobs.profile.Events.refunded;
import static io.siyu.jobs.profile.LifecycleStage.ACTIVE;
import static io.siyu.jobs.profile.LifecycleStage.AT_RISK;
import static io.siyu.jobs.profile.LifecycleStage.CHURNED;
import static io.siyu.jobs.profile.LifecycleStage.DORMANT;
import static io.siyu.jobs.profile.LifecycleStage.NEW;
import static io.siyu.jobs.profile.LifecycleStage.PROSPECT;
import static io.siyu.jobs.profile.LifecycleStage.WON_BACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.records.CustomerEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drives the profile pipeline by hand — events, watermarks — and checks its outputs, its state and
 * its timers. Defaults: at-risk 60 d, dormant 120 d, churned 365 d; RFM window 365 d.
 */
class ProfileFunctionTest extends ProfileHarness {

  @Test
  void aProspectBecomesNewThenActive() throws Exception {
    send(follow("m1", T0));
    send(paid("m1", "o1", T0 + DAY, 10_000));
    send(paid("m1", "o2", T0 + 2 * DAY, 20_000));

    assertEquals(
        List.of(
            new LifecycleTransition("m:m1", null, PROSPECT, T0, "first_seen"),
            new LifecycleTransition("m:m1", PROSPECT, NEW, T0 + DAY, "purchase"),
            new LifecycleTransition("m:m1", NEW, ACTIVE, T0 + 2 * DAY, "purchase")),
        transitions());
    ProfileUpdate p = lastUpdate();
    assertEquals(ACTIVE, p.stage());
    assertEquals(2, p.lifetimeOrders());
    assertEquals(30_000, p.lifetimeNetFen());
    assertEquals(2, p.windowOrders());
    assertEquals(T0 + DAY, p.firstPurchaseTs());
    assertEquals(T0 + 2 * DAY, p.lastPurchaseTs());
    // 2 orders (frequency 2: low), 300 yuan (monetary 3: high), bought yesterday (recency 5).
    assertEquals(5, p.rfmRecency());
    assertEquals(2, p.rfmFrequency());
    assertEquals(3, p.rfmMonetary());
    assertEquals(RfmSegment.IMPORTANT_DEVELOP, p.segment());
    assertEquals(3, h.extractOutputValues().size(), "one update per change");
    assertEquals(3, p.version());
  }

  @Test
  void quietTimeAgesTheStageOnTheWatermarkAtTheExactThresholds() throws Exception {
    send(paid("m1", "o1", T0, 50_000));
    assertEquals(1, h.numEventTimeTimers(), "one timer per customer");

    watermark(T0 + 60 * DAY - 1);
    assertEquals(NEW, state("m:m1").stage);
    watermark(T0 + 60 * DAY);
    watermark(T0 + 120 * DAY);
    watermark(T0 + 365 * DAY);

    List<LifecycleTransition> t = transitions();
    assertEquals(new LifecycleTransition("m:m1", NEW, AT_RISK, T0 + 60 * DAY, "ageing"), t.get(2));
    assertEquals(
        new LifecycleTransition("m:m1", AT_RISK, DORMANT, T0 + 120 * DAY, "ageing"), t.get(3));
    assertEquals(
        new LifecycleTransition("m:m1", DORMANT, CHURNED, T0 + 365 * DAY, "ageing"), t.get(4));
    CustomerState s = state("m:m1");
    assertEquals(CHURNED, s.stage);
    assertEquals(0, history("m:m1").orderIds.length, "the order left the 365-day window");
    assertEquals(RfmSegment.NONE, s.segment);
    assertEquals(1, history("m:m1").lifetimeOrders, "lifetime totals stay");
    assertEquals(1, h.numEventTimeTimers(), "only the retention timer is left");
    assertEquals(T0 + 730 * DAY, s.timer, "retention counts from the last event");
  }

  @Test
  void stateIsDroppedAfterTheRetentionWithoutEventsAndNotBefore() throws Exception {
    send(follow("p1", T0)); // a prospect: time alone changes nothing
    send(paid("m1", "o1", T0, 10_000)); // a buyer: ages to CHURNED at T0 + 365 d
    send(follow("m2", T0));
    watermark(T0 + 700 * DAY);
    send(follow("m2", T0 + 700 * DAY)); // m2 comes back: its retention restarts
    assertEquals(T0 + 730 * DAY, state("m:m2").timer, "moved lazily, not on every event");
    watermark(T0 + 730 * DAY - 1);
    assertEquals(PROSPECT, state("m:p1").stage, "not a millisecond early");
    assertEquals(CHURNED, state("m:m1").stage);
    watermark(T0 + 730 * DAY);
    assertEquals(null, state("m:p1"));
    assertEquals(null, state("m:m1"));
    for (String forgotten : List.of("m:p1", "m:m1")) {
      MemberHistory left = memberState(forgotten);
      assertTrue(left.forgotten, "identifier histories are forgotten too");
      assertEquals(forgotten, left.canonical, "all but the customer they belong to");
      assertEquals(0, left.lifetimeOrders);
      assertEquals(Long.MIN_VALUE, left.lastEventTs);
    }
    assertEquals(T0 + 700 * DAY, memberState("m:m2").lastEventTs);
    assertEquals(PROSPECT, state("m:m2").stage);
    assertEquals(T0 + 1430 * DAY, state("m:m2").timer, "re-armed from m2's last event");
    assertEquals(1, h.numEventTimeTimers(), "only m2's retention timer is left");
  }

  @Test
  void aPurchaseAfterLapsingIsAWinBackAndAgesLikeActive() throws Exception {
    send(paid("m1", "o1", T0, 10_000));
    watermark(T0 + 61 * DAY);
    send(paid("m1", "o2", T0 + 70 * DAY, 10_000));
    assertEquals(WON_BACK, state("m:m1").stage);
    watermark(T0 + 130 * DAY);
    assertEquals(AT_RISK, state("m:m1").stage);
    send(paid("m1", "o3", T0 + 131 * DAY, 10_000));
    send(paid("m1", "o4", T0 + 132 * DAY, 10_000));
    assertEquals(ACTIVE, state("m:m1").stage, "a second purchase after a win-back is ACTIVE");
  }

  @Test
  void ageingBetweenEventsIsTheSameWhenTheWatermarkComesLate() throws Exception {
    hold(paid("m1", "o1", T0, 10_000));
    hold(paid("m1", "o2", T0 + 2 * DAY, 10_000));
    // No watermark in between: the ageing steps still fall between the orders, at their instants.
    hold(paid("m1", "o3", T0 + 132 * DAY, 10_000));
    assertEquals(List.of(), transitions(), "nothing is applied before the watermark passes");
    watermark(T0 + 132 * DAY);
    List<LifecycleTransition> t = transitions();
    assertEquals(
        List.of(
            new LifecycleTransition("m:m1", ACTIVE, AT_RISK, T0 + 62 * DAY, "ageing"),
            new LifecycleTransition("m:m1", AT_RISK, DORMANT, T0 + 122 * DAY, "ageing"),
            new LifecycleTransition("m:m1", DORMANT, WON_BACK, T0 + 132 * DAY, "purchase")),
        t.subList(3, 6));

    // Live, the watermark passes each instant before the next order: the same rows, versions and
    // timestamps included.
    ProfileHarness live = new ProfileHarness() {};
    live.open();
    try {
      live.send(paid("m1", "o1", T0, 10_000));
      live.send(paid("m1", "o2", T0 + 2 * DAY, 10_000));
      live.watermark(T0 + 100 * DAY);
      live.send(paid("m1", "o3", T0 + 132 * DAY, 10_000));
      assertEquals(live.transitions(), transitions());
      assertEquals(live.h.extractOutputValues(), h.extractOutputValues());
    } finally {
      live.close();
    }
  }

  @Test
  void eventsReadOutOfOrderGiveTheSamePathAsInOrder() throws Exception {
    // Read in the order 3, 1, 2 (three topics at different speeds): applied as 1, 2, 3.
    hold(paid("m1", "o3", T0 + 70 * DAY, 10_000));
    hold(follow("m1", T0));
    hold(paid("m1", "o1", T0 + DAY, 10_000));
    watermark(T0 + 70 * DAY);
    assertEquals(
        List.of(
            new LifecycleTransition("m:m1", null, PROSPECT, T0, "first_seen"),
            new LifecycleTransition("m:m1", PROSPECT, NEW, T0 + DAY, "purchase"),
            new LifecycleTransition("m:m1", NEW, AT_RISK, T0 + 61 * DAY, "ageing"),
            new LifecycleTransition("m:m1", AT_RISK, WON_BACK, T0 + 70 * DAY, "purchase")),
        transitions());
    assertEquals(T0, state("m:m1").firstSeen);
  }

  @Test
  void anUpdateAtTheInstantTheCustomersTimerLeavesIsAppliedThere() throws Exception {
    send(paid("m1", "o1", T0, 50_000));
    long x = state("m:m1").timer; // the next recency drop
    // Released by one watermark step: a purchase that moves the customer's timer away from x, and
    // an event exactly at x (Flink keeps one timer per key and instant).
    hold(paid("m1", "o2", T0 + DAY, 10_000));
    hold(follow("m1", x));
    watermark(x);
    assertEquals(x, state("m:m1").lastEventTs, "applied when the watermark reached x");

    ProfileHarness live = new ProfileHarness() {};
    live.open();
    try {
      live.send(paid("m1", "o1", T0, 50_000));
      live.send(paid("m1", "o2", T0 + DAY, 10_000));
      live.send(follow("m1", x));
      assertEquals(live.h.extractOutputValues(), h.extractOutputValues(), "as in small steps");
    } finally {
      live.close();
    }
  }

  @Test
  void aDrainedStopLeavesNoSpentTimerInState() throws Exception {
    send(paid("m1", "o1", T0, 50_000));
    watermark(Long.MAX_VALUE);
    assertEquals(0, h.numEventTimeTimers());
    assertEquals(Long.MIN_VALUE, state("m:m1").timer, "the next update re-arms it");
  }

  @Test
  void theEndOfABoundedReplayAgesNobody() throws Exception {
    send(paid("m1", "o1", T0, 10_000));
    watermark(Long.MAX_VALUE);
    assertEquals(NEW, state("m:m1").stage);
    assertEquals(2, transitions().size(), "first_seen and purchase only");
    assertEquals(0, h.numEventTimeTimers());
  }

  @Test
  void refundsSubtractFromValueButDoNotUnbuy() throws Exception {
    send(paid("m1", "o1", T0, 100_000));
    send(paid("m1", "o2", T0 + DAY, 50_000));
    send(refunded("m1", "o1", T0 + 2 * DAY, 100_000));
    ProfileUpdate p = lastUpdate();
    assertEquals(50_000, p.lifetimeNetFen());
    assertEquals(1, p.windowOrders(), "a fully refunded order no longer counts");
    assertEquals(50_000, p.windowNetFen());
    assertEquals(ACTIVE, p.stage());
    send(refunded("m1", "o2", T0 + 3 * DAY, 10_000)); // partial
    assertEquals(40_000, lastUpdate().windowNetFen());
    send(refunded("m1", "unknown", T0 + 3 * DAY, 10_000));
    assertEquals(
        40_000, lastUpdate().windowNetFen(), "a refund of an unseen order changes nothing");
  }

  @Test
  void reSentEventsAndRepeatedOrdersCountOnce() throws Exception {
    CustomerEvent order = paid("m1", "o1", T0, 10_000);
    send(order);
    send(order); // producer retry: same event id
    send(paid("m1", "o1", T0, 10_000)); // same order, new event id
    MemberHistory s = history("m:m1");
    assertEquals(1, s.lifetimeOrders);
    assertEquals(10_000, s.lifetimeNetFen);
    assertEquals(1, h.extractOutputValues().size(), "one update for the first event, none after");
  }

  @Test
  void recencyFallingChangesTheSegmentOnTime() throws Exception {
    for (int i = 0; i < 3; i++) {
      send(paid("m1", "o" + i, T0 + i * DAY, 40_000));
    }
    assertEquals(RfmSegment.IMPORTANT_VALUE, state("m:m1").segment);
    watermark(T0 + 2 * DAY + 91 * DAY);
    CustomerState s = state("m:m1");
    assertEquals(2, s.rfmRecency);
    assertEquals(RfmSegment.IMPORTANT_RETAIN, s.segment);
    assertEquals(1, h.numEventTimeTimers());
  }
}
