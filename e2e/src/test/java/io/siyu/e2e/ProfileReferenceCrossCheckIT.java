package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.e2e.ReferenceProfiles.Expected;
import io.siyu.e2e.ReferenceProfiles.Input;
import io.siyu.e2e.ReferenceProfiles.Placed;
import io.siyu.e2e.ReferenceProfiles.Result;
import io.siyu.e2e.ReferenceProfiles.Timeline;
import io.siyu.e2e.ReferenceProfiles.Transition;
import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.CustomerKey;
import io.siyu.jobs.identity.IdentityLink;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.identity.IdentityResolver;
import io.siyu.jobs.identity.LinkScreen;
import io.siyu.jobs.ingest.EventParser;
import io.siyu.jobs.profile.CustomerProfileFunction;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.profile.MemberHistoryOperator;
import io.siyu.jobs.profile.MemberProfileFunction;
import io.siyu.jobs.profile.MemberUpdate;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.StreamKind;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import io.siyu.udf.PhoneHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The job's own profile operators (link screen → identity graph → identifier histories → customer
 * profile, as operator harnesses wired output to input) fed the events of the {@link
 * ProfileEndToEndIT} history one at a time in the order {@link ReferenceProfiles} applies them —
 * record time, event id, stream — with the watermark advanced to just before each event and to the
 * final watermark at the end. This is the job with arrival order taken out, so where it and the
 * reference disagree, one of them has a different rule: a check of the reference (an oracle must be
 * checked too), and a list of what a job that applies events in event-time order must still change.
 * No Kafka, no ClickHouse, no cluster; partitions as Kafka's default partitioner assigns the
 * generator's keys.
 *
 * <p>Writes every difference to {@code target/profile-crosscheck.txt} and fails if there is one.
 */
class ProfileReferenceCrossCheckIT {

  @Test
  void theJobsOperatorsInEventTimeOrderAgreeWithTheReference() throws Exception {
    GeneratorConfig generator =
        GeneratorConfig.defaults()
            .withCustomers(1_500)
            .withEvents(15_000)
            .withSeed(21)
            .withDays(200)
            .withMalformedShare(0.01)
            .withTopics("scan", "purchase", "interaction");
    List<GeneratedRecord> records = EventGenerator.generateAll(generator);
    PhoneHasher hasher =
        new PhoneHasher("cross-check salt, 16+ bytes".getBytes(StandardCharsets.UTF_8));
    JobConfig config =
        new ConfigLoader()
            .load(
                new String[] {
                  "--config", ConfigLoader.projectDir().resolve("conf/local.yaml").toString()
                },
                Map.of());
    ReferenceProfiles.Params params = ReferenceProfiles.Params.of(config);

    // Kafka's default partitioning of keyed records: murmur2 of the key, 3 partitions per topic.
    List<Input> inputs = new ArrayList<>();
    Map<String, Long> offsets = new HashMap<>();
    for (GeneratedRecord r : records) {
      int partition =
          r.key() == null
              ? 0
              : Utils.toPositive(Utils.murmur2(r.key().getBytes(StandardCharsets.UTF_8))) % 3;
      long offset = offsets.merge(r.stream() + "/" + partition, 1L, Long::sum) - 1;
      inputs.add(new Input(r.stream(), partition, offset, r.value(), r.valid()));
    }
    Timeline timeline = ReferenceProfiles.timeline(inputs, params);
    Result expected = ReferenceProfiles.compute(inputs, hasher, params);

    Pipeline job = new Pipeline(config);
    EventParser parser = new EventParser(config.validation(), hasher);
    for (Placed p : timeline.applied()) {
      job.watermark(p.at() - 1);
      CustomerEvent e =
          parser.parse(
              StreamKind.valueOf(p.input().stream().toUpperCase(Locale.ROOT)),
              p.input().value(),
              -1);
      job.send(e, p.at());
    }
    job.watermark(timeline.finalWatermark());

    Map<String, List<Transition>> written = new LinkedHashMap<>();
    for (LifecycleTransition t : job.transitions()) {
      written
          .computeIfAbsent(t.customerKey(), k -> new ArrayList<>())
          .add(
              new Transition(
                  t.from() == null ? "" : t.from().name(), t.to().name(), t.at(), t.cause()));
    }
    Map<String, List<Transition>> paths = new TreeMap<>();
    written.forEach(
        (k, v) -> paths.put(k, ReferenceProfiles.normalize(ReferenceProfiles.collapse(v))));
    Map<String, ProfileUpdate> last = new TreeMap<>();
    for (ProfileUpdate u : job.updates()) {
      last.put(u.customerKey(), u);
    }
    Map<String, Expected> profiles = new TreeMap<>();
    last.forEach(
        (k, u) -> {
          if (u.mergedInto() == null) {
            profiles.put(
                k,
                new Expected(
                    u.stage().name(),
                    u.segment().name(),
                    u.lifetimeOrders(),
                    u.windowOrders(),
                    u.invitesAccepted(),
                    u.inviteesBought()));
          }
        });
    Map<String, String> canonical = new TreeMap<>();
    for (IdentityLink l : job.links()) {
      canonical.put(l.id(), l.canonicalId());
    }

    StringBuilder report = new StringBuilder();
    int differing =
        diff("profiles", expected.profiles(), profiles, report)
            + diff("paths", expected.paths(), paths, report)
            + diff("identifier → canonical id", expected.canonicalIds(), canonical, report);
    Path file = Path.of("target", "profile-crosscheck.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, expected.counts() + "\n" + report, StandardCharsets.UTF_8);
    System.out.println("[ProfileReferenceCrossCheckIT] " + expected.counts() + " → " + file);
    assertTrue(differing == 0, () -> report.substring(0, Math.min(report.length(), 20_000)));
  }

  private static <V> int diff(
      String kind, Map<String, V> expected, Map<String, V> actual, StringBuilder out) {
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    int n = 0;
    StringBuilder sb = new StringBuilder();
    for (String k : keys) {
      if (!Objects.equals(expected.get(k), actual.get(k))) {
        n++;
        sb.append("  ")
            .append(k)
            .append("\n    expected ")
            .append(expected.get(k))
            .append("\n    job      ")
            .append(actual.get(k))
            .append('\n');
      }
    }
    out.append(kind)
        .append(": ")
        .append(n)
        .append(" of ")
        .append(keys.size())
        .append(" differ\n")
        .append(sb);
    return n;
  }

  /** The three profile operators of the job, wired output to input, in one thread. */
  private static final class Pipeline {
    final KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, IdentityMessage> screen;
    final KeyedOneInputStreamOperatorTestHarness<Integer, CustomerEvent, IdentityMessage> identity;
    final KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, MemberUpdate> members;
    final KeyedOneInputStreamOperatorTestHarness<String, MemberUpdate, ProfileUpdate> profiles;
    private long watermark = Long.MIN_VALUE;

    Pipeline(JobConfig config) throws Exception {
      screen =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new WriteBackKeyedProcessOperator<>(
                  new LinkScreen(config.profile().stateCacheEntries())),
              e -> CustomerKey.of(e.header().ids()),
              Types.STRING);
      identity =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(
                  new IdentityResolver(
                      config.profile().identity().maxIdsPerCustomer(),
                      config.profile().stateCacheEntries())),
              e -> IdentityResolver.THE_GRAPH,
              Types.INT);
      members =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new MemberHistoryOperator(
                  new MemberProfileFunction(config.profile(), config.campaigns())),
              IdentityMessage::memberKey,
              Types.STRING);
      profiles =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new WriteBackKeyedProcessOperator<>(
                  new CustomerProfileFunction(config.profile(), config.campaigns())),
              MemberUpdate::canonical,
              Types.STRING);
      screen.open();
      identity.open();
      members.open();
      profiles.open();
    }

    void send(CustomerEvent e, long at) throws Exception {
      screen.processElement(new StreamRecord<>(e, at));
      forward();
    }

    void watermark(long t) throws Exception {
      if (t <= watermark) {
        return;
      }
      watermark = t;
      screen.processWatermark(t);
      forward();
      identity.processWatermark(t);
      forward();
      members.processWatermark(t);
      forward();
      profiles.processWatermark(t);
    }

    /** Moves what the first two operators emitted on to the next (and out of their queues). */
    private void forward() throws Exception {
      var toGraph = screen.getSideOutput(LinkScreen.TO_GRAPH);
      while (toGraph != null && !toGraph.isEmpty()) {
        var r = toGraph.poll();
        identity.processElement(
            new StreamRecord<>(shipped(CustomerEvent.class, r.getValue()), r.getTimestamp()));
      }
      List<StreamRecord<? extends IdentityMessage>> past = screen.extractOutputStreamRecords();
      screen.getOutput().clear();
      for (var r : past) {
        members.processElement(
            new StreamRecord<>(shipped(IdentityMessage.class, r.getValue()), r.getTimestamp()));
      }
      List<StreamRecord<? extends IdentityMessage>> messages =
          identity.extractOutputStreamRecords();
      identity.getOutput().clear();
      for (var r : messages) {
        members.processElement(
            new StreamRecord<>(shipped(IdentityMessage.class, r.getValue()), r.getTimestamp()));
      }
      List<StreamRecord<? extends MemberUpdate>> updates = members.extractOutputStreamRecords();
      members.getOutput().clear();
      for (var r : updates) {
        profiles.processElement(
            new StreamRecord<>(shipped(MemberUpdate.class, r.getValue()), r.getTimestamp()));
      }
    }

    /** A copy as Flink ships a record between tasks (its serializer, no Kryo). */
    private static <T> T shipped(Class<T> type, T value) {
      SerializerConfigImpl noKryo = new SerializerConfigImpl();
      noKryo.setGenericTypes(false);
      return TypeInformation.of(type).createSerializer(noKryo).copy(value);
    }

    List<LifecycleTransition> transitions() {
      var out = profiles.getSideOutput(CustomerProfileFunction.TRANSITIONS);
      return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    List<ProfileUpdate> updates() {
      return profiles.extractOutputValues();
    }

    List<IdentityLink> links() {
      var out = identity.getSideOutput(IdentityResolver.LINKS);
      return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }
  }
}
