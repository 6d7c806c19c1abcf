package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.ReEntry;
import io.siyu.jobs.config.JourneysConfig;
import io.siyu.udf.BusinessDay;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.HashMap;

/**
 * The frequency cap's decision for one trigger against its recipient's {@link CapState}, without
 * Flink ({@link FrequencyCapFunction} holds the triggers and decides them in order with this).
 */
public final class FrequencyCap implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dailyCap;
  private final BusinessDay businessDay;
  private final HashMap<String, Long> cooldownMs = new HashMap<>();
  private final HashMap<String, Boolean> once = new HashMap<>();

  public FrequencyCap(JourneysConfig settings, ZoneId zone) {
    this.dailyCap = settings.dailyCap();
    this.businessDay = new BusinessDay(zone);
    for (JourneyDefinition j : settings.list()) {
      cooldownMs.put(j.id(), j.cooldown().toMillis());
      once.put(j.id(), j.reEntry() == ReEntry.ONCE);
    }
  }

  /** {@code t} {@link JourneyTrigger#SENT} or {@link JourneyTrigger#CAPPED}; updates {@code s}. */
  public JourneyTrigger decide(JourneyTrigger t, CapState s) {
    long last = s.lastSent(t.journeyId());
    boolean sentBefore = last != Long.MIN_VALUE;
    if (sentBefore && once.getOrDefault(t.journeyId(), false)) {
      return t.withStatus(JourneyTrigger.CAPPED, FrequencyCapFunction.ONCE);
    }
    if (sentBefore && t.firedAt() - last < cooldownMs.getOrDefault(t.journeyId(), 0L)) {
      return t.withStatus(JourneyTrigger.CAPPED, FrequencyCapFunction.COOLDOWN);
    }
    int day = businessDay.epochDay(t.firedAt());
    int sentToday = s.epochDay == day ? s.sentToday : 0;
    if (!t.exemptFromDailyCap()) {
      if (sentToday >= dailyCap) {
        return t.withStatus(JourneyTrigger.CAPPED, FrequencyCapFunction.DAILY_CAP);
      }
      s.epochDay = day;
      s.sentToday = sentToday + 1;
    }
    s.sent(t.journeyId(), t.firedAt());
    return t.withStatus(JourneyTrigger.SENT, null);
  }
}
