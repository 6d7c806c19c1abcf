package io.siyu.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.TestFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journey file: the shipped one loads; every error names the journey and the field. */
class JourneyConfigTest {
  @TempDir Path dir;

  private static final String CART =
      """
      journeys:
        - id: cart-abandoned
          entry: {events: [add_to_cart]}
          follow-up: {events: [purchase], must: not-happen, within: 2h}
          re-entry: restart
          cooldown: 1d
          action: {template: cart-reminder, channel: preferred}
      """;

  /** conf/local.yaml next to a journey file with this text, loaded. */
  private JobConfig load(String journeys, String... overrides) throws Exception {
    Files.copy(
        TestFixtures.repoRoot().resolve("conf/local.yaml"),
        dir.resolve("local.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("journeys.yaml"), journeys);
    String[] args = new String[2 + 2 * overrides.length];
    args[0] = "--config";
    args[1] = dir.resolve("local.yaml").toString();
    for (int i = 0; i < overrides.length; i++) {
      args[2 + 2 * i] = "--set";
      args[3 + 2 * i] = overrides[i];
    }
    return new ConfigLoader().load(args, Map.of());
  }

  private String error(String journeys, String... overrides) {
    return assertThrows(ConfigException.class, () -> load(journeys, overrides)).getMessage();
  }

  @Test
  void theShippedJourneysAreTheSevenOfTheDomain() {
    JourneysConfig j = TestFixtures.localConfig().journeys();
    assertEquals(
        List.of(
            "referral-reward",
            "collection-complete",
            "cart-abandoned",
            "welcome",
            "second-purchase",
            "win-back",
            "scan-no-purchase"),
        j.list().stream().map(JourneyDefinition::id).toList());
    assertEquals(JourneysConfig.Delivery.EXACTLY_ONCE, j.delivery());
    assertEquals("campaign-triggers", j.topic());
    assertEquals(Duration.ofDays(7), j.attributionWindow());
    assertEquals(Duration.ofHours(2), j.journey("cart-abandoned").followUp().within());
    assertEquals(
        JourneysConfig.Delivery.AT_LEAST_ONCE,
        TestFixtures.localConfig("journeys.delivery=at-least-once").journeys().delivery());
  }

  @Test
  void aValidFileLoadsRelativeToTheConfigFile() throws Exception {
    JobConfig c = load(CART);
    assertEquals(1, c.journeys().list().size());
    assertEquals(JourneyDefinition.ReEntry.RESTART, c.journeys().list().get(0).reEntry());
  }

  @Test
  void aMissingTimeLimitNamesTheJourneyAndTheField() {
    String m = error(CART.replace(", within: 2h", ""));
    assertTrue(m.contains("journeys[cart-abandoned].follow-up.within"), m);
  }

  @Test
  void anUnknownEventNamesTheJourneyTheFieldAndTheKnownEvents() {
    String m = error(CART.replace("[add_to_cart]", "[add_to_basket]"));
    assertTrue(m.contains("journeys[cart-abandoned].entry.events"), m);
    assertTrue(m.contains("add_to_basket") && m.contains("add_to_cart"), m);
  }

  @Test
  void aMisspelledKeyNamesTheJourneyAndTheKey() {
    String m = error(CART.replace("cooldown: 1d", "cooldwn: 1d"));
    assertTrue(m.contains("journeys[cart-abandoned]"), m);
    assertTrue(m.contains("cooldwn") && m.contains("journeys.yaml"), m);
  }

  @Test
  void aBadDurationNamesTheJourneyAndTheField() {
    String m = error(CART.replace("within: 2h", "within: two hours"));
    assertTrue(m.contains("journeys[cart-abandoned].follow-up.within"), m);
  }

  @Test
  void aBadEnumNamesTheJourneyAndTheField() {
    String m = error(CART.replace("must: not-happen", "must: maybe"));
    assertTrue(m.contains("journeys[cart-abandoned].follow-up.must"), m);
  }

  @Test
  void rulesAcrossFieldsNameTheJourney() {
    assertTrue(
        error(CART + CART.replace("journeys:\n", "")).contains("journeys[cart-abandoned].id"),
        "a duplicate id");
    String restart = error(CART.replace("must: not-happen", "must: happen"));
    assertTrue(restart.contains("journeys[cart-abandoned].re-entry"), restart);
    String referrer = error(CART.replace("re-entry: restart", "recipient: referrer"));
    assertTrue(referrer.contains("journeys[cart-abandoned].recipient"), referrer);
    String stage = error(CART.replace("[add_to_cart]", "[lifecycle], stage: asleep"));
    assertTrue(stage.contains("journeys[cart-abandoned].entry.stage"), stage);
    String campaign =
        error(
            """
            journeys:
              - id: cards
                kind: card-collection
                campaigns: [nope]
                action: {template: t, channel: preferred}
            """);
    assertTrue(
        campaign.contains("journeys[cards].campaigns") && campaign.contains("nope"), campaign);
    String template = error(CART.replace("template: cart-reminder, ", ""));
    assertTrue(template.contains("journeys[cart-abandoned].action.template"), template);
  }

  @Test
  void settingsErrorsNameTheSetting() {
    assertTrue(error(CART, "journeys.delivery=twice").contains("journeys.delivery"), "delivery");
    assertTrue(error(CART, "journeys.daily-cap=0").contains("journeys.daily-cap"), "cap");
    assertTrue(
        error(CART, "journeys.definitions=missing.yaml").contains("missing.yaml"), "the file");
    assertTrue(error("journeys: []\n").contains("journeys.definitions"), "an empty file");
  }
}
