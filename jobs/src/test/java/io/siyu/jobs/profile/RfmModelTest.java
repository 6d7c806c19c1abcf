package io.siyu.jobs.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.jobs.TestFixtures;
import org.junit.jupiter.api.Test;

class RfmModelTest {
  private static final long DAY = 86_400_000L;
  private final RfmModel model = new RfmModel(TestFixtures.localConfig().profile().rfm());

  @Test
  void scoresEachDimensionAgainstItsCutPoints() {
    // recency cuts [7, 30, 90, 180] days, frequency [2, 3, 5, 8], monetary [100, 300, 800, 2000]
    assertEquals(new RfmScore(5, 1, 1, RfmSegment.GENERAL_DEVELOP), model.score(7 * DAY, 1, 9_999));
    assertEquals(4, model.score(7 * DAY + 1, 1, 0).recency());
    assertEquals(3, model.score(90 * DAY, 1, 0).recency());
    assertEquals(1, model.score(181 * DAY, 1, 0).recency());
    assertEquals(2, model.score(0, 2, 0).frequency());
    assertEquals(5, model.score(0, 8, 0).frequency());
    assertEquals(2, model.score(0, 1, 10_000).monetary());
    assertEquals(5, model.score(0, 1, 200_000).monetary());
    assertEquals(RfmScore.NONE, model.score(0, 0, 500_000));
  }

  @Test
  void namesTheEightSegments() {
    long recent = 1 * DAY;
    long old = 100 * DAY;
    assertEquals(RfmSegment.IMPORTANT_VALUE, model.score(recent, 3, 80_000).segment());
    assertEquals(RfmSegment.IMPORTANT_DEVELOP, model.score(recent, 1, 80_000).segment());
    assertEquals(RfmSegment.IMPORTANT_RETAIN, model.score(old, 3, 80_000).segment());
    assertEquals(RfmSegment.IMPORTANT_WINBACK, model.score(old, 1, 80_000).segment());
    assertEquals(RfmSegment.GENERAL_VALUE, model.score(recent, 3, 100).segment());
    assertEquals(RfmSegment.GENERAL_DEVELOP, model.score(recent, 1, 100).segment());
    assertEquals(RfmSegment.GENERAL_RETAIN, model.score(old, 3, 100).segment());
    assertEquals(RfmSegment.GENERAL_WINBACK, model.score(old, 1, 100).segment());
  }

  @Test
  void knowsWhenRecencyDropsNext() {
    assertEquals(7 * DAY + 1, model.nextRecencyDrop(0));
    assertEquals(1, model.nextRecencyDrop(30 * DAY));
    assertEquals(Long.MAX_VALUE, model.nextRecencyDrop(180 * DAY + 1));
  }
}
