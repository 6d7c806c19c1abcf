package io.siyu.jobs.journey;

import static io.siyu.jobs.journey.JourneyFixtures.DAY;
import static io.siyu.jobs.journey.JourneyFixtures.HOUR;
import static io.siyu.jobs.journey.JourneyFixtures.MINUTE;
import static io.siyu.jobs.journey.JourneyFixtures.T0;
import static io.siyu.jobs.journey.JourneyFixtures.atRisk;
import static io.siyu.jobs.journey.JourneyFixtures.cart;
import static io.siyu.jobs.journey.JourneyFixtures.follow;
import static io.siyu.jobs.journey.JourneyFixtures.invite;
import static io.siyu.jobs.journey.JourneyFixtures.merged;
import static io.siyu.jobs.journey.JourneyFixtures.paid;
import static io.siyu.jobs.journey.JourneyFixtures.refund;
import static io.siyu.jobs.journey.JourneyFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.ResolvedEvent;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every journey of the shipped journey file through the whole journey pipeline (context, CEP or
 * keyed function, frequency cap) on a mini cluster: explicit event times, a watermark flush at the
 * end, and the exact triggers — matches, timeouts, cooldown, cap, re-entry — asserted as "journey
 * customer minutes-after-T0 status[/reason]". Customers with no events in a test fire nothing. Late
 * events and the order of decisions are tested on the operators themselves ({@link
 * JourneyEngineFunctionTest}, {@link FrequencyCapFunctionTest}): across a shuffle, when exactly a
 * watermark overtakes a record is up to the network.
 */
class JourneyPatternsTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static java.nio.file.Path checkpoints;

  private static JobConfig config() {
    return TestFixtures.localConfig("checkpoints.directory=" + checkpoints.toUri());
  }

  private static JourneyRun.Result run(boolean flush, ResolvedEvent... events) throws Exception {
    return JourneyRun.run(config(), List.of(events), flush);
  }

  private static long min(long ms) {
    return ms / MINUTE;
  }

  @Test
  void cartAbandonedFiresTwoHoursAfterTheLastCartAddWithoutPurchaseAndCoolsDownForADay()
      throws Exception {
    JourneyRun.Result r =
        run(
            true,
            cart("a", T0), // abandoned: fires at +2h
            cart("b", T0),
            paid("b", T0 + HOUR), // bought: no trigger
            cart("c", T0),
            cart("c", T0 + HOUR), // restart: one trigger, 2h after the last add
            cart("d", T0),
            paid("d", T0 + 2 * HOUR), // exactly at the limit is too late: fires
            cart("a", T0 + 5 * HOUR), // fires at +7h, within a's 1-day cooldown: capped
            cart("a", T0 + 30 * HOUR)); // fires at +32h, cooldown over: sent
    assertEquals(
        List.of(
            "cart-abandoned m:a 120min sent",
            "cart-abandoned m:d 120min sent",
            "cart-abandoned m:c 180min sent",
            "cart-abandoned m:a 420min capped/cooldown",
            "cart-abandoned m:a " + min(32 * HOUR) + "min sent"),
        r.summary("cart-abandoned"));
    JourneyTrigger first = r.triggers().get(0);
    assertEquals(
        JourneyFixtures.triggerId("cart-abandoned", first.customerId(), first.entryEventId()),
        first.triggerId(),
        "the id is a function of journey, customer and entry event");
    assertEquals("mini_program", first.channel(), "the customer's last contactable channel");
    assertEquals(JourneyTrigger.CAUSE_TIMEOUT, first.cause());
    assertEquals("SKU-1", first.sku());
    assertEquals(first.firedAt() + 7 * DAY, first.attributionUntil());
  }

  @Test
  void welcomeFiresOnceADayAfterTheFirstContactWhenNoPurchaseFollows() throws Exception {
    JourneyRun.Result r =
        run(
            true,
            follow("a", T0), // first contact, no purchase: fires at +24h
            scan("a", T0 + HOUR), // not a first contact any more
            scan("b", T0),
            paid("b", T0 + 10 * HOUR), // bought within 24h: nothing
            scan("b", T0 + 5 * DAY), // not first: nothing
            follow("c", T0 + DAY)); // fires at +48h
    assertEquals(
        List.of("welcome m:a 1440min sent", "welcome m:c 2880min sent"), r.summary("welcome"));
    assertEquals(
        "wechat_oa",
        r.triggers().stream()
            .filter(t -> t.journeyId().equals("welcome"))
            .findFirst()
            .orElseThrow()
            .channel());
  }

  @Test
  void scanWithoutPurchaseFiresSevenDaysAfterTheLastScan() throws Exception {
    JourneyRun.Result r =
        run(
            true,
            scan("a", T0), // fires at +7d
            scan("b", T0),
            scan("b", T0 + 3 * DAY), // restart: fires at +10d
            scan("c", T0),
            paid("c", T0 + 6 * DAY), // bought: nothing
            scan("a", T0 + 10 * DAY), // fires at +17d, within a's 14-day cooldown: capped
            scan("a", T0 + 30 * DAY)); // fires at +37d: sent
    assertEquals(
        List.of(
            "scan-no-purchase m:a " + min(7 * DAY) + "min sent",
            "scan-no-purchase m:b " + min(10 * DAY) + "min sent",
            "scan-no-purchase m:a " + min(17 * DAY) + "min capped/cooldown",
            "scan-no-purchase m:a " + min(37 * DAY) + "min sent"),
        r.summary("scan-no-purchase"));
  }

  @Test
  void secondPurchaseNudgeFiresThirtyDaysAfterAFirstOrderWithNoSecond() throws Exception {
    JourneyRun.Result r =
        run(
            true,
            paid("a", T0), // first order, nothing after: fires at +30d
            refund("a", T0 + DAY), // a refund is no second order
            paid("b", T0),
            paid("b", T0 + 10 * DAY), // second order: nothing
            paid("c", T0),
            paid("c", T0 + 30 * DAY)); // exactly at the limit: fires, and is not a first order
    assertEquals(
        List.of(
            "second-purchase m:a " + min(30 * DAY) + "min sent",
            "second-purchase m:c " + min(30 * DAY) + "min sent"),
        r.summary("second-purchase"));
    JourneyTrigger a = r.triggers().get(0);
    assertEquals("wechat_oa", a.channel(), "store_pos is no contact channel: the default");
    assertEquals("G7", a.guideId(), "the guide of the order");
    assertNotNull(a.orderId());
  }

  @Test
  void winBackFiresWhenACustomerEntersAtRiskWithAThirtyDayCooldown() throws Exception {
    JourneyRun.Result r =
        JourneyRun.run(
            config(),
            List.of(paid("a", T0 - 100 * DAY), paid("b", T0 - 100 * DAY)),
            List.of(
                atRisk("a", T0),
                atRisk("a", T0 + 20 * DAY),
                atRisk("a", T0 + 40 * DAY),
                atRisk("b", T0 + HOUR)),
            true);
    assertEquals(
        List.of(
            "win-back m:a 0min sent",
            "win-back m:b 60min sent",
            "win-back m:a " + min(20 * DAY) + "min capped/cooldown",
            "win-back m:a " + min(40 * DAY) + "min sent"),
        r.summary("win-back"));
    assertEquals(
        JourneyTrigger.CAUSE_EVENT,
        r.triggers().stream()
            .filter(t -> t.journeyId().equals("win-back"))
            .findFirst()
            .orElseThrow()
            .cause());
  }

  @Test
  void referralRewardGoesToTheFirstReferrerWhenTheInviteeFirstBuysWithinFourteenDays()
      throws Exception {
    JourneyRun.Result r =
        run(
            true,
            invite("a", T0, "r1"),
            paid("a", T0 + 3 * DAY), // first purchase within 14d: reward r1
            invite("b", T0, "r1"),
            paid("b", T0 + 15 * DAY), // too late: expired, nothing
            invite("c", T0, "r1"),
            invite("c", T0 + DAY, "r2"),
            paid("c", T0 + 2 * DAY), // one reward, to the first referrer
            paid("d", T0),
            invite("d", T0 + DAY, "r2"),
            paid("d", T0 + 2 * DAY), // not d's first purchase: nothing
            invite("e", T0, "e"), // inviting yourself (a second identity, linked): no reward
            paid("e", T0 + DAY));
    assertEquals(
        List.of(
            "referral-reward m:r1 " + min(2 * DAY) + "min sent",
            "referral-reward m:r1 " + min(3 * DAY) + "min sent"),
        r.summary("referral-reward"));
    JourneyTrigger reward =
        r.triggers().stream()
            .filter(t -> t.journeyId().equals("referral-reward") && t.subjectId().equals("m:c"))
            .findFirst()
            .orElseThrow();
    assertEquals("m:c", reward.subjectId(), "the invitee");
    assertEquals("r1", reward.referrerIds().memberId(), "context carries the referrer's ids");
    assertEquals("wechat_oa", reward.channel());
    assertNull(reward.guideId(), "the invitee's guide does not serve the referrer");
  }

  @Test
  void aMergeEndsTheAbsorbedCustomersOpenJourneysWithoutATrigger() throws Exception {
    // o1 and m1 are one person, linked at +1h: o1 is absorbed into m1.
    List<ResolvedEvent> events =
        List.of(
            cart("o1", T0), // open under o1: ends at the merge, no reminder
            invite("o1", T0, "r1"), // the reward journey open under o1 ends too
            cart("m1", T0 + 30 * MINUTE), // the survivor's own journey goes on
            paid("m1", T0 + 5 * HOUR), // the survivor buys later: no referral reward for r1
            cart("o2", T0)); // o2 is never merged: fires
    JourneyRun.Result r =
        JourneyRun.run(config(), events, List.of(), List.of(merged("o1", "m1", T0 + HOUR)), true);
    assertEquals(
        List.of("cart-abandoned m:o2 120min sent", "cart-abandoned m:m1 150min sent"),
        r.summary("cart-abandoned"));
    assertEquals(List.of(), r.summary("referral-reward"));
    assertEquals(
        List.of(), r.summary().stream().filter(t -> t.contains(" m:o1 ")).toList(), "none to o1");
  }

  @Test
  void collectionCompleteFiresOnceWhenTheLastCardOfACampaignArrives() throws Exception {
    JourneyRun.Result r =
        run(
            true,
            scan("a", T0, "cny2026-xnkl", "新"),
            scan("a", T0 + MINUTE, "cny2026-xnkl", "年"),
            scan("a", T0 + 2 * MINUTE, "cny2026-xnkl", "新"),
            scan("a", T0 + 3 * MINUTE, "horse2026-mdcg", "马"),
            scan("a", T0 + 4 * MINUTE, "cny2026-xnkl", "快"),
            scan("a", T0 + 5 * MINUTE, "cny2026-xnkl", "乐"), // complete: fires
            scan("a", T0 + 6 * MINUTE, "cny2026-xnkl", "乐"), // once per campaign
            scan("b", T0, "cny2026-xnkl", "新"));
    assertEquals(List.of("collection-complete m:a 5min sent"), r.summary("collection-complete"));
    assertEquals(
        "cny2026-xnkl",
        r.triggers().stream()
            .filter(t -> t.journeyId().equals("collection-complete"))
            .findFirst()
            .orElseThrow()
            .campaignId());
  }

  @Test
  void theDailyCapHoldsBackTheLowestPriorityTriggersOfABusinessDayButNotRewards() throws Exception {
    // Three journeys fire for m:a at T0+24h (the same business day in Shanghai), the cap is 2:
    // cart-abandoned and welcome come before win-back in the journey file. m:a's referral reward
    // the same day is exempt.
    JourneyRun.Result r =
        JourneyRun.run(
            config(),
            List.of(
                follow("a", T0),
                cart("a", T0 + 22 * HOUR),
                invite("x", T0 + 10 * HOUR, "a"),
                paid("x", T0 + 23 * HOUR)),
            List.of(atRisk("a", T0 + 24 * HOUR)),
            true);
    assertEquals(
        List.of(
            "referral-reward m:a " + min(23 * HOUR) + "min sent",
            "cart-abandoned m:a 1440min sent",
            "welcome m:a 1440min sent",
            "win-back m:a 1440min capped/daily_cap"),
        r.summary().stream().filter(s -> s.contains(" m:a ")).toList());
    JourneyTrigger capped = r.triggers().stream().filter(t -> !t.sent()).findFirst().orElseThrow();
    assertEquals(FrequencyCapFunction.DAILY_CAP, capped.capReason());
  }

  @Test
  void theDailyCapResetsOnTheNextBusinessDayInTheConfiguredZone() throws Exception {
    // 15:59 and 16:01 UTC are 23:59 and 00:01 in Shanghai: two business days.
    long beforeMidnight = T0 + 15 * HOUR + 59 * MINUTE;
    JourneyRun.Result r =
        JourneyRun.run(
            config(),
            List.of(cart("a", beforeMidnight - 2 * HOUR), follow("a", beforeMidnight - DAY)),
            List.of(atRisk("a", beforeMidnight), atRisk("a", beforeMidnight + 2 * MINUTE)),
            true);
    assertEquals(
        List.of(
            "cart-abandoned m:a " + min(beforeMidnight - T0) + "min sent",
            "welcome m:a " + min(beforeMidnight - T0) + "min sent",
            "win-back m:a " + min(beforeMidnight - T0) + "min capped/daily_cap",
            "win-back m:a " + min(beforeMidnight + 2 * MINUTE - T0) + "min sent"),
        r.summary());
  }

  @Test
  void theEndOfABoundedInputFiresNoTimeoutButKeepsTriggersOfRealEvents() throws Exception {
    JourneyRun.Result r = run(false, cart("a", T0), invite("b", T0, "r"), paid("b", T0 + HOUR));
    assertEquals(List.of("referral-reward m:r 60min sent"), r.summary());
  }
}
