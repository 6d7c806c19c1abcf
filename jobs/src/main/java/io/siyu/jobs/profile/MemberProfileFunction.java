package io.siyu.jobs.profile;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.ProfileConfig;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the history of one identifier (keyed by it: {@code m:…}, {@code u:…}, {@code o:…}, {@code
 * p:…}) and sends it to its customer's profile after every change. This is where histories live so
 * that they can move: when identity resolution re-points the identifier to another customer (a
 * merge), the history leaves the old customer and joins the new one — without a feedback loop,
 * since only this operator's own key is involved.
 *
 * <p>One state read and one write per event. Producer re-sends are dropped here (recent event ids);
 * a paid order counts once by its order id. What a message does to a history is {@link
 * MemberProfileLogic} (no Flink in it); this function keeps the histories and their timers.
 */
public class MemberProfileFunction
    extends KeyedProcessFunction<String, IdentityMessage, MemberUpdate>
    implements WriteBackFunction {
  /**
   * Every applied event once (a re-send of an event this identifier's history holds is dropped),
   * with its customer at that moment: the input of the BI branch.
   */
  public static final OutputTag<ResolvedEvent> ACCEPTED =
      new OutputTag<>("accepted-events", TypeInformation.of(ResolvedEvent.class));

  /**
   * Every event, re-sends included, with its customer at that moment: the journeys' input (they
   * record a late re-send in their late-event log, and drop a re-send at the same instant).
   */
  public static final OutputTag<ResolvedEvent> RESOLVED =
      new OutputTag<>("resolved-events", TypeInformation.of(ResolvedEvent.class));

  private static final long serialVersionUID = 1L;

  public static ValueStateDescriptor<MemberHistory> stateDescriptor() {
    return new ValueStateDescriptor<>("member-history", TypeInformation.of(MemberHistory.class));
  }

  private final MemberProfileLogic logic;
  private final long retentionMs;
  private final int cacheEntries;
  private transient WriteBackValueState<String, MemberHistory> history;
  private transient Counter duplicates;
  private transient Emitter emitter;

  public MemberProfileFunction(ProfileConfig config, Map<String, CampaignConfig> campaigns) {
    this.logic = new MemberProfileLogic(config, campaigns);
    this.retentionMs = logic.retentionMs();
    this.cacheEntries = config.stateCacheEntries();
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(history);
  }

  @Override
  public void open(OpenContext openContext) {
    history =
        new WriteBackValueState<>(
            getRuntimeContext().getState(stateDescriptor()),
            cacheEntries,
            getRuntimeContext().getMetricGroup());
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    emitter = new Emitter();
  }

  @Override
  public void processElement(IdentityMessage m, Context ctx, Collector<MemberUpdate> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    // The record timestamp: the event's time, or for an event late in its partition its
    // partition's position — where it is applied (README "Event time"). Input arrives in that
    // order (MemberHistoryOperator puts it back in it).
    long at = ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp();
    MemberHistory h = current(key, at);
    emitter.ctx = ctx;
    emitter.out = out;
    MemberHistory changed = logic.apply(key, h, m, at, emitter);
    if (changed != null) {
      history.update(key, changed);
    }
  }

  /**
   * The identifier's history as of {@code at}, or null if it has none; a {@link
   * MemberHistory#forgotten} one when it has been quiet for the whole retention by then. Deciding
   * expiry here, on the next message, rather than only when the retention timer fires, makes it
   * independent of when the watermark happened to pass the timer: live, the timer may fire first;
   * in a fast replay the next event may come first; both see the history gone.
   */
  private MemberHistory current(String key, long at) throws Exception {
    MemberHistory h = history.value(key);
    if (logic.expired(h, at)) {
      h = logic.forget(h);
      history.update(key, h);
    }
    return h;
  }

  /**
   * Retention: an identifier quiet for {@code profile.retention} is forgotten (all but its
   * customer). The timer is set once and moved only when it fires, not on every event; it only
   * frees the state ({@link #current} decides expiry).
   */
  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<MemberUpdate> out) throws Exception {
    MemberHistory h = history.value(ctx.getCurrentKey());
    if (h == null || h.forgotten || time != h.retentionTimer) {
      return;
    }
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // The end of all time (a drained stop, not a replay: the gate ends those earlier): nothing
      // has really passed; the next event re-arms it.
      h.retentionTimer = Long.MIN_VALUE;
      history.update(ctx.getCurrentKey(), h);
      return;
    }
    if (time >= h.lastEventTs + retentionMs) {
      history.update(ctx.getCurrentKey(), logic.forget(h));
      return;
    }
    h.retentionTimer = h.lastEventTs + retentionMs;
    ctx.timerService().registerEventTimeTimer(h.retentionTimer);
    history.update(ctx.getCurrentKey(), h);
  }

  /** The logic's output, bound to the current element. */
  private final class Emitter implements MemberProfileLogic.Output {
    Context ctx;
    Collector<MemberUpdate> out;

    @Override
    public void update(MemberUpdate u) {
      out.collect(u);
    }

    @Override
    public void resolved(ResolvedEvent e) {
      ctx.output(RESOLVED, e);
    }

    @Override
    public void accepted(ResolvedEvent e) {
      ctx.output(ACCEPTED, e);
    }

    @Override
    public void duplicate() {
      duplicates.inc();
    }

    @Override
    public void retentionTimer(long time) {
      ctx.timerService().registerEventTimeTimer(time);
    }
  }
}
