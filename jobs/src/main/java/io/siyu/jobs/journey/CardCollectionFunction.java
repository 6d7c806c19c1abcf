package io.siyu.jobs.journey;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneysConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The {@code card-collection} journey: fires once per customer and campaign when the customer holds
 * every character card of the campaign (集卡). A keyed function, not CEP: "each of N cards, in any
 * order, with repeats in between" is N! sequences for CEP, or a looping pattern that keeps every
 * scan in its buffer; here it is one bit mask per campaign. Its input is already in event-time
 * order ({@link JourneyContextFunction}), so the completing scan is the same on every replay and no
 * timers are needed.
 *
 * <p>State: one long per campaign the customer collected in (bit i = card i; {@link #FIRED} once
 * the trigger went out), kept for the customer's lifetime so that a campaign fires once — dropped
 * when the customer is absorbed by a merge (its progress does not carry over to the survivor).
 */
public class CardCollectionFunction
    extends KeyedProcessFunction<String, JourneyEvent, JourneyTrigger> {
  private static final long serialVersionUID = 1L;

  static final long FIRED = 1L << 62;

  public static MapStateDescriptor<String, Long> stateDescriptor() {
    return new MapStateDescriptor<>("cards", Types.STRING, Types.LONG);
  }

  private final TriggerFactory triggers;
  private final HashMap<String, List<String>> cards = new HashMap<>();
  private transient MapState<String, Long> collected;

  public CardCollectionFunction(
      JourneyDefinition journey,
      int priority,
      JourneysConfig settings,
      Map<String, CampaignConfig> campaigns) {
    this.triggers = new TriggerFactory(journey, priority, settings);
    campaigns.forEach(
        (id, c) -> {
          if (!c.cards().isEmpty()
              && (journey.campaigns().isEmpty() || journey.campaigns().contains(id))) {
            cards.put(id, c.cards());
          }
        });
  }

  @Override
  public void open(OpenContext openContext) {
    collected = getRuntimeContext().getMapState(stateDescriptor());
  }

  @Override
  public void processElement(JourneyEvent e, Context ctx, Collector<JourneyTrigger> out)
      throws Exception {
    if (EventKinds.MERGED.equals(e.kind())) {
      collected.clear(); // absorbed by a merge: nothing more comes under this id
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
    Long before = collected.get(e.campaignId());
    long mask = (before == null ? 0L : before) | 1L << index;
    long full = (1L << all.size()) - 1;
    if ((mask & FIRED) == 0 && (mask & full) == full) {
      mask |= FIRED;
      out.collect(
          triggers.create(
              e, null, e.ts(), JourneyTrigger.CAUSE_EVENT, "campaign:" + e.campaignId()));
    }
    if (before == null || before != mask) {
      collected.put(e.campaignId(), mask);
    }
  }
}
