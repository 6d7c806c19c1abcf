package io.siyu.jobs;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.profile.CustomerProfileFunction;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.profile.MemberHistoryOperator;
import io.siyu.jobs.profile.MemberProfileFunction;
import io.siyu.jobs.profile.MemberUpdate;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.profile.TagChange;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The customer profile pipeline, after identity resolution ({@link IdentityJob}): messages keyed by
 * identifier → {@link MemberProfileFunction} (each identifier's history, which can move on a merge)
 * → keyed by canonical customer → {@link CustomerProfileFunction} (lifecycle, RFM, tags, CLV) →
 * profile updates (ClickHouse {@code customer_profile}, the changelog topic), lifecycle transitions
 * and tag changes. Sinks come in from outside.
 */
public final class ProfileJob {
  public static final String MEMBER_UID = "profile-member-history";
  public static final String PROFILE_UID = "profile-customer";
  public static final String UPDATES_SINK_UID_PREFIX = "profile-updates-sink-";
  public static final String TRANSITIONS_SINK_UID_PREFIX = "profile-transitions-sink-";
  public static final String TAG_CHANGES_SINK_UID_PREFIX = "profile-tag-changes-sink-";

  private final JobConfig config;
  private final Map<String, Sink<ProfileUpdate>> updateSinks;
  private final Map<String, Sink<LifecycleTransition>> transitionSinks;
  private final Map<String, Sink<TagChange>> tagChangeSinks;

  public ProfileJob(
      JobConfig config,
      Map<String, Sink<ProfileUpdate>> updateSinks,
      Map<String, Sink<LifecycleTransition>> transitionSinks,
      Map<String, Sink<TagChange>> tagChangeSinks) {
    this.config = config;
    this.updateSinks = new LinkedHashMap<>(updateSinks);
    this.transitionSinks = new LinkedHashMap<>(transitionSinks);
    this.tagChangeSinks = new LinkedHashMap<>(tagChangeSinks);
  }

  public static ProfileJob production(JobConfig config) {
    return new ProfileJob(
        config,
        Map.of("clickhouse", Sinks.profiles(config), "kafka", Sinks.profileChangelog(config)),
        Map.of("clickhouse", Sinks.transitions(config)),
        Map.of("clickhouse", Sinks.tagChanges(config)));
  }

  /**
   * The profile's outputs: {@code updates} (every profile change); {@code accepted}, every applied
   * event once (re-sends dropped) with its customer at that moment, for the BI branch; {@code
   * resolved}, every event (re-sends too) with its customer, for the journeys.
   */
  public record Streams(
      SingleOutputStreamOperator<ProfileUpdate> updates,
      DataStream<ResolvedEvent> accepted,
      DataStream<ResolvedEvent> resolved) {}

  public SingleOutputStreamOperator<ProfileUpdate> attachTo(DataStream<IdentityMessage> messages) {
    return attach(messages).updates();
  }

  public Streams attach(DataStream<IdentityMessage> messages) {
    SingleOutputStreamOperator<MemberUpdate> members =
        messages
            .keyBy(IdentityMessage::memberKey, TypeInformation.of(String.class))
            .transform(
                "profile: identifier histories",
                TypeInformation.of(MemberUpdate.class),
                new MemberHistoryOperator(
                    new MemberProfileFunction(config.profile(), config.campaigns())))
            .uid(MEMBER_UID);
    SingleOutputStreamOperator<ProfileUpdate> updates =
        members
            .keyBy(MemberUpdate::canonical, TypeInformation.of(String.class))
            .transform(
                "profile: lifecycle, RFM, tags",
                TypeInformation.of(ProfileUpdate.class),
                new WriteBackKeyedProcessOperator<>(
                    new CustomerProfileFunction(config.profile(), config.campaigns())))
            .uid(PROFILE_UID);
    updateSinks.forEach(
        (name, sink) ->
            updates.sinkTo(sink).uid(UPDATES_SINK_UID_PREFIX + name).name(name + ": profiles"));
    DataStream<LifecycleTransition> transitions =
        updates.getSideOutput(CustomerProfileFunction.TRANSITIONS);
    transitionSinks.forEach(
        (name, sink) ->
            transitions
                .sinkTo(sink)
                .uid(TRANSITIONS_SINK_UID_PREFIX + name)
                .name(name + ": lifecycle transitions"));
    DataStream<TagChange> tagChanges = updates.getSideOutput(CustomerProfileFunction.TAG_CHANGES);
    tagChangeSinks.forEach(
        (name, sink) ->
            tagChanges
                .sinkTo(sink)
                .uid(TAG_CHANGES_SINK_UID_PREFIX + name)
                .name(name + ": tag changes"));
    return new Streams(
        updates,
        members.getSideOutput(MemberProfileFunction.ACCEPTED),
        members.getSideOutput(MemberProfileFunction.RESOLVED));
  }
}
