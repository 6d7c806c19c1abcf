package io.siyu.jobs.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HotCacheTest {

  @Test
  void keepsTheMostRecentlyUsedEntriesAndCountsHits() {
    HotCache<String, Integer> cache = new HotCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assertEquals(1, cache.get("a")); // a is now more recent than b
    cache.put("c", 3); // evicts b, the least recently used
    assertNull(cache.get("b"));
    assertEquals(1, cache.get("a"));
    assertEquals(3, cache.get("c"));
    cache.remove("a");
    assertNull(cache.get("a"));
    assertEquals(3.0 / 5, cache.hitRate(), 1e-9);
  }
}
