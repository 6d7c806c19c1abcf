package io.siyu.jobs.profile;

import static io.siyu.jobs.profile.Events.DAY;
import static io.siyu.jobs.profile.Events.T0;
import static io.siyu.jobs.profile.Events.guideAdd;
import static io.siyu.jobs.profile.Events.paidWith;
import static io.siyu.jobs.profile.Events.refunded;
import static io.siyu.jobs.profile.Events.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.records.LineItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every tag, driven through the profile pipeline: each change is emitted once, when it happens.
 * Thresholds of conf/local.yaml: high value 2000 yuan, promotion share 0.5 from 2 orders, 10 scans,
 * KOC from 3 invitees who bought, card campaigns of 4 cards each, CLV survival NEW 0.35.
 */
class TagsTest extends ProfileHarness {

  private CustomerTags tags() {
    return lastUpdate().tags();
  }

  @Test
  void promotionSensitiveNeedsEnoughOrdersMostlyWithCoupons() throws Exception {
    send(paidWith("m1", "o1", T0, 5_000, "mini_program", "CP1", null));
    assertFalse(tags().promotionSensitive(), "one order is too few");
    send(paidWith("m1", "o2", T0 + DAY, 5_000, "mini_program", null, null));
    assertTrue(tags().promotionSensitive(), "1 of 2 orders with a coupon reaches 0.5");
    send(paidWith("m1", "o3", T0 + 2 * DAY, 5_000, "mini_program", null, null));
    assertFalse(tags().promotionSensitive(), "1 of 3 is below");
    assertEquals(
        List.of(
            new TagChange("m:m1", "promotion_sensitive", "", "true", T0 + DAY),
            new TagChange("m:m1", "promotion_sensitive", "true", "", T0 + 2 * DAY)),
        tagChanges("promotion_sensitive"));
  }

  @Test
  void omnichannelAndPreferredChannelAndCategory() throws Exception {
    send(paidWith("m1", "o1", T0, 5_000, "mini_program", null, null, item("yogurt", 1)));
    assertFalse(tags().omnichannel());
    assertEquals("mini_program", tags().preferredChannel());
    assertEquals("yogurt", tags().preferredCategory());
    send(paidWith("m1", "o2", T0 + DAY, 5_000, "store_pos", null, null, item("cheese", 3)));
    send(paidWith("m1", "o3", T0 + 2 * DAY, 5_000, "store_pos", null, null));
    CustomerTags t = tags();
    assertTrue(t.omnichannel(), "bought online and in store");
    assertEquals("store_pos", t.preferredChannel());
    assertEquals("cheese", t.preferredCategory(), "3 items of cheese beat 1 of yogurt");
    assertEquals(1, tagChanges("omnichannel").size(), "emitted once");
    assertEquals(
        List.of(
            new TagChange("m:m1", "preferred_channel", "", "mini_program", T0),
            new TagChange("m:m1", "preferred_channel", "mini_program", "store_pos", T0 + 2 * DAY)),
        tagChanges("preferred_channel"));
  }

  @Test
  void highValueFollowsNetSpendIncludingRefunds() throws Exception {
    send(paidWith("m1", "o1", T0, 150_000, "tmall", null, null));
    assertFalse(tags().highValue());
    send(paidWith("m1", "o2", T0 + DAY, 60_000, "tmall", null, null));
    assertTrue(tags().highValue(), "2,100 yuan");
    send(refunded("m1", "o2", T0 + 2 * DAY, 60_000));
    assertFalse(tags().highValue(), "1,500 yuan after the refund");
    assertEquals(2, tagChanges("high_value").size());
  }

  @Test
  void scanEnthusiastAndGuideBound() throws Exception {
    for (int i = 0; i < 9; i++) {
      send(scan("m1", T0 + i));
    }
    assertEquals(List.of(), tagChanges("scan_enthusiast"));
    send(scan("m1", T0 + 10));
    assertEquals(
        List.of(new TagChange("m:m1", "scan_enthusiast", "", "true", T0 + 10)),
        tagChanges("scan_enthusiast"));
    send(guideAdd("m1", T0 + DAY, "G7"));
    assertEquals("G7", tags().guideId());
    send(paidWith("m1", "o1", T0 + 2 * DAY, 5_000, "store_pos", null, "G9"));
    assertEquals("G9", tags().guideId(), "the guide of the latest order");
    assertEquals(2, tagChanges("guide_bound").size());
  }

  @Test
  void socialValueAndKoc() throws Exception {
    send(Events.paid("R", "o0", T0, 10_000));
    for (int i = 1; i <= 3; i++) {
      send(Events.inviteAccept("m:I" + i, "m:R", T0 + i));
    }
    send(Events.inviteAccept("m:J1", "m:I1", T0 + 10)); // an invitee of an invitee
    ProfileUpdate r = updates("m:R").get(updates("m:R").size() - 1);
    assertEquals(3, r.invitesAccepted());
    assertEquals(2, r.fissionDepth());
    assertEquals(0, r.inviteesBought());
    send(Events.paid("I1", "o1", T0 + DAY, 5_000));
    send(Events.paid("I1", "o2", T0 + DAY + 1, 5_000)); // a second order earns nothing more
    send(Events.paid("I2", "o3", T0 + DAY + 2, 5_000));
    assertEquals(List.of(), tagChanges("koc"), "2 invitees bought: not yet a KOC");
    send(Events.paid("I3", "o4", T0 + DAY + 3, 5_000));
    r = updates("m:R").get(updates("m:R").size() - 1);
    assertEquals(3, r.inviteesBought());
    assertTrue(r.tags().koc());
    assertEquals(List.of(new TagChange("m:R", "koc", "", "true", T0 + DAY + 3)), tagChanges("koc"));
  }

  @Test
  void collectorProgressPerCampaign() throws Exception {
    send(Events.scanCard("m1", T0, "cny2026-xnkl", "新"));
    send(Events.scanCard("m1", T0 + 1, "cny2026-xnkl", "新")); // a card already held
    send(Events.scanCard("m1", T0 + 2, "cny2026-xnkl", "年"));
    send(Events.scanCard("m1", T0 + 3, "horse2026-mdcg", "马"));
    send(Events.scanCard("m1", T0 + 4, "cny2026-xnkl", "不")); // not a card of the campaign
    assertEquals("cny2026-xnkl:2/4,horse2026-mdcg:1/4", tags().collectorProgress());
    assertEquals(
        List.of("cny2026-xnkl:1/4", "cny2026-xnkl:2/4", "cny2026-xnkl:2/4,horse2026-mdcg:1/4"),
        tagChanges("collector_progress").stream().map(TagChange::to).toList());
  }

  @Test
  void predictedClvIsTheYearsSpendTimesTheStagesSurvival() throws Exception {
    send(Events.paid("m1", "o1", T0, 10_000));
    assertEquals(3_500, lastUpdate().predictedClvFen(), "NEW: 100 yuan × 0.35");
    send(Events.paid("m1", "o2", T0 + DAY, 10_000));
    assertEquals(14_000, lastUpdate().predictedClvFen(), "ACTIVE: 200 yuan × 0.7");
    watermark(T0 + DAY + 60 * DAY);
    assertEquals(6_000, lastUpdate().predictedClvFen(), "AT_RISK: 200 yuan × 0.3");
    assertEquals(20_000, lastUpdate().lifetimeNetFen(), "historical CLV");
  }

  private static LineItem item(String category, int qty) {
    return new LineItem("SKU-" + category, category, qty, 100);
  }
}
