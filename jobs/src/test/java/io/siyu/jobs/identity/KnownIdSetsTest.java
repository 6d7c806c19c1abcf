package io.siyu.jobs.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which events the link screen sends to the identity graph. */
class KnownIdSetsTest {
  @Test
  void aSetGoesToTheGraphAtItsEarliestOccurrenceInAnyArrivalOrder() {
    KnownIdSets sets = new KnownIdSets();
    assertTrue(sets.mustSend("o:a", 100), "first seen");
    assertFalse(sets.mustSend("o:a", 200), "later: linked at 100 already");
    assertTrue(sets.mustSend("o:a", 50), "earlier, arriving late: the link must move to 50");
    assertFalse(sets.mustSend("o:a", 100), "after 50 now");
    assertTrue(sets.mustSend("o:a", 50), "a tie: the graph orders them by event id");
    assertTrue(sets.mustSend("", 300), "the identifier alone is another set");
    assertTrue(sets.mustSend("o:a\u0001p:x", 300), "so is a bigger one");
    assertFalse(sets.mustSend("", 301));
  }

  @Test
  void theOtherIdentifiersAreTheSetsText() {
    assertEquals("", KnownIdSets.others(new String[] {"m:1"}));
    assertEquals("o:a", KnownIdSets.others(new String[] {"m:1", "o:a"}));
    assertEquals("o:a\u0001p:x", KnownIdSets.others(new String[] {"m:1", "o:a", "p:x"}));
  }
}
