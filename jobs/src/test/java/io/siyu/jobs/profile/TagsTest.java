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
 * Every tag, driven through the profile function: each change is emitted once, when it happens.
 * Thresholds of conf/local.yaml: high value 2000 yuan, promotion share 0.5 from 2 orders, 10 scans.
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

  private static LineItem item(String category, int qty) {
    return new LineItem("SKU-" + category, category, qty, 100);
  }
}
