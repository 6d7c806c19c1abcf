package io.siyu.jobs.profile;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.ProfileConfig;
import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps one customer's profile under their canonical id: the histories of their identifiers (from
 * {@link MemberProfileFunction}), merged, give RFM over the rolling window, the lifecycle stage,
 * the tags and CLV. Emits a {@link ProfileUpdate} whenever what a reader sees changes, a {@link
 * LifecycleTransition} whenever the stage does and a {@link TagChange} per tag that changes.
 *
 * <p>Event time throughout: updates are held until the watermark passes them and applied in the
 * order identity resolution decided them ((time, sequence): a customer's updates come from several
 * upstream subtasks, so their arrival order means nothing); ageing (AT_RISK, DORMANT, CHURNED,
 * recency scores dropping, orders leaving the window) and clean-up happen at their exact instants
 * between them. So the path of stages, the tag changes and the versions are the same live and in
 * any replay, at any parallelism (README "Event time").
 *
 * <p>Merges (OneID): a new identifier joining brings its whole history; the stage is recomputed
 * from the merged purchases (cause {@code merge}). A customer whose identifiers all left for
 * another emits a last update naming it ({@code mergedInto}) and is dropped.
 *
 * <p>What an update or a timer does to the profile is {@link CustomerProfileLogic} (no Flink in
 * it); this function holds and orders the updates and keeps the state and the timers.
 */
public class CustomerProfileFunction
    extends KeyedProcessFunction<String, MemberUpdate, ProfileUpdate> implements WriteBackFunction {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<LifecycleTransition> TRANSITIONS =
      new OutputTag<>("lifecycle-transitions", TypeInformation.of(LifecycleTransition.class));

  public static final OutputTag<TagChange> TAG_CHANGES =
      new OutputTag<>("tag-changes", TypeInformation.of(TagChange.class));

  /** The state descriptor, shared with tests that inspect state. */
  public static ValueStateDescriptor<CustomerState> stateDescriptor() {
    return new ValueStateDescriptor<>("customer-profile", TypeInformation.of(CustomerState.class));
  }

  /** A customer's updates not yet passed by the watermark, in (time, sequence) order. */
  public static ValueStateDescriptor<List<MemberUpdate>> pendingDescriptor() {
    return new ValueStateDescriptor<>(
        "customer-pending-updates", Types.LIST(TypeInformation.of(MemberUpdate.class)));
  }

  private final CustomerProfileLogic logic;
  private final int cacheEntries;
  private transient WriteBackValueState<String, CustomerState> profile;
  private transient WriteBackValueState<String, List<MemberUpdate>> pending;
  private transient Emitter emitter;

  public CustomerProfileFunction(ProfileConfig config, Map<String, CampaignConfig> campaigns) {
    this.logic = new CustomerProfileLogic(config, campaigns);
    this.cacheEntries = config.stateCacheEntries();
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(profile, pending);
  }

  @Override
  public void open(OpenContext openContext) {
    profile =
        new WriteBackValueState<>(
            getRuntimeContext().getState(stateDescriptor()),
            cacheEntries,
            getRuntimeContext().getMetricGroup());
    pending =
        new WriteBackValueState<>(
            getRuntimeContext().getState(pendingDescriptor()),
            cacheEntries,
            getRuntimeContext().getMetricGroup().addGroup("pending"));
    emitter = new Emitter();
  }

  /**
   * Holds the update until the watermark passes its time: a customer's updates come from several
   * upstream subtasks (one per identifier), so they arrive interleaved in no fixed order; {@link
   * #onTimer} applies them in the order identity resolution decided them.
   */
  @Override
  public void processElement(MemberUpdate u, Context ctx, Collector<ProfileUpdate> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    List<MemberUpdate> held = pending.value(key);
    if (held == null) {
      held = new ArrayList<>(2);
    }
    int i = held.size();
    while (i > 0 && u.before(held.get(i - 1))) {
      i--;
    }
    held.add(i, u);
    pending.update(key, held);
    ctx.timerService().registerEventTimeTimer(u.at());
  }

  /**
   * Brings the customer to {@code time}: applies the held updates up to it in (time, sequence)
   * order and, between them, every ageing step, recency drop or clean-up that falls before the next
   * update — exactly what a live run sees whatever the watermark's steps were, since an update at
   * the very instant of a timer comes first there too (it arrives before the watermark reaches it).
   */
  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<ProfileUpdate> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    emitter.ctx = ctx;
    emitter.out = out;
    CustomerState s = profile.value(key);
    List<MemberUpdate> held = pending.value(key);
    if (held != null && !held.isEmpty() && held.get(0).at() <= time) {
      int applied = 0;
      for (MemberUpdate u : held) {
        if (u.at() > time) {
          break;
        }
        s = logic.timersBefore(key, s, u.at(), emitter);
        s = logic.apply(key, s, u, emitter);
        applied++;
      }
      if (applied == held.size()) {
        pending.clear(key);
      } else {
        List<MemberUpdate> rest = new ArrayList<>(held.subList(applied, held.size()));
        pending.update(key, rest);
        // Moving the customer's own timer may have deleted the one timer at a held update's
        // instant (Flink keeps one per key and time): the next held update always has one.
        ctx.timerService().registerEventTimeTimer(rest.get(0).at());
      }
    }
    if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
      s = logic.timersBefore(key, s, time + 1, emitter);
    } else if (s != null && s.timer != Long.MIN_VALUE && s.timer <= time) {
      // A drained stop ends all time: nothing has really happened at these instants. The timer
      // is spent, so forget it: the next update re-arms it (also after a restore).
      s.timer = Long.MIN_VALUE;
      s.retentionTimer = false;
    }
    if (s == null) {
      profile.clear(key);
    } else {
      profile.update(key, s);
    }
  }

  /** The logic's output, bound to the current timer call. */
  private final class Emitter implements CustomerProfileLogic.Output {
    Context ctx;
    Collector<ProfileUpdate> out;

    @Override
    public void update(ProfileUpdate u) {
      out.collect(u);
    }

    @Override
    public void transition(LifecycleTransition t) {
      ctx.output(TRANSITIONS, t);
    }

    @Override
    public void tagChange(TagChange c) {
      ctx.output(TAG_CHANGES, c);
    }

    @Override
    public void registerTimer(long time) {
      ctx.timerService().registerEventTimeTimer(time);
    }

    @Override
    public void deleteTimer(long time) {
      ctx.timerService().deleteEventTimeTimer(time);
    }
  }
}
