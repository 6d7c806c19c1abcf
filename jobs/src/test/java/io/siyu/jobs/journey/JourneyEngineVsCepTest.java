package io.siyu.jobs.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.Must;
import io.siyu.jobs.config.JourneysConfig;
import io.siyu.jobs.records.CustomerIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The journey engine against Flink CEP, on random histories: every {@code sequence} journey of the
 * shipped file, and three of shapes it lacks, compiled to its CEP pattern ({@link CepReference})
 * and run by Flink's CEP operator on a mini cluster must fire exactly the triggers the engine fires
 * — same ids, times, causes and channels. Histories mix every kind a journey reads, ties at one
 * instant, gaps around each time limit (exactly at it too: the limit is exclusive), referrals and
 * merge notices.
 */
class JourneyEngineVsCepTest {
  private static final long T0 = JourneyFixtures.T0;
  private static final long MINUTE = JourneyFixtures.MINUTE;
  private static final long HOUR = JourneyFixtures.HOUR;
  private static final long DAY = JourneyFixtures.DAY;
  private static final String[] KINDS = {
    "add_to_cart", "purchase", "scan", "follow", "invite_accept", "page_view", "lifecycle"
  };
  private static final long[] GAPS = {
    0, MINUTE, 30 * MINUTE, 2 * HOUR, 3 * HOUR, DAY, 2 * DAY, 7 * DAY, 10 * DAY, 14 * DAY, 30 * DAY
  };

  @Test
  void theEngineFiresWhatCepFiresOnRandomHistories() throws Exception {
    JobConfig shipped = TestFixtures.localConfig();
    List<JourneyDefinition> journeys = new ArrayList<>(shipped.journeys().list());
    // Shapes the shipped file lacks: a must-happen follow-up that is also an entry (the entry at
    // it opens nothing), several open entries of a must-happen journey (the earliest wins), and a
    // must-not-happen journey whose entries do not restart each other.
    journeys.add(sequence("repeat-order", "purchase", "purchase", Must.HAPPEN, 14 * DAY));
    journeys.add(sequence("browse-to-cart", "page_view", "add_to_cart", Must.HAPPEN, DAY));
    journeys.add(sequence("cart-each", "add_to_cart", "purchase", Must.NOT_HAPPEN, 2 * HOUR));
    JobConfig config = shipped.withJourneys(shipped.journeys().withList(journeys));
    JourneysConfig settings = config.journeys();
    List<JourneyEvent> history = randomHistories(new Random(2026), 400);
    long flushAt = history.stream().mapToLong(JourneyEvent::ts).max().orElseThrow() + 400 * DAY;

    TreeSet<String> cep = new TreeSet<>(cep(config, history, flushAt));
    TreeSet<String> engine = new TreeSet<>(engine(settings, config, history, flushAt));
    assertTrue(cep.size() > 300, "the histories fire plenty of triggers: " + cep.size());
    for (JourneyDefinition j : settings.list()) {
      if (j.kind() == JourneyDefinition.Kind.SEQUENCE) {
        assertTrue(
            cep.stream().anyMatch(s -> s.startsWith(j.id() + " ")), "some " + j.id() + " fired");
      }
    }
    assertEquals(String.join("\n", cep), String.join("\n", engine));
  }

  private static JourneyDefinition sequence(
      String id, String entry, String followUp, Must must, long withinMs) {
    return new JourneyDefinition(
        id,
        id,
        JourneyDefinition.Kind.SEQUENCE,
        new JourneyDefinition.Step(List.of(entry), false, null),
        new JourneyDefinition.FollowUp(List.of(followUp), false, must, Duration.ofMillis(withinMs)),
        JourneyDefinition.Recipient.CUSTOMER,
        JourneyDefinition.ReEntry.ALWAYS,
        Duration.ZERO,
        false,
        new JourneyDefinition.Action(id, "preferred"),
        List.of());
  }

  /**
   * Customers c0..c(n-1), each a random history in event-time order as the engine's buffer releases
   * it (ties: by id, merge notice last), with what only history knows already filled in.
   */
  private static List<JourneyEvent> randomHistories(Random r, int customers) {
    List<JourneyEvent> all = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      String id = "c" + c;
      long ts = T0 + r.nextInt(24) * HOUR;
      List<JourneyEvent> raw = new ArrayList<>();
      int n = 5 + r.nextInt(20);
      for (int i = 0; i < n; i++) {
        long gap = GAPS[r.nextInt(GAPS.length)];
        ts += r.nextInt(4) == 0 ? gap : gap + r.nextInt(60) * MINUTE;
        String kind = KINDS[r.nextInt(KINDS.length)];
        // Ids of random order, so that ties at one instant resolve either way.
        String eventId = Integer.toString(r.nextInt(1_000_000), 36) + "-" + id + "-" + i;
        String referrer = kind.equals("invite_accept") ? "c" + r.nextInt(customers) : null;
        String channel = r.nextBoolean() ? "wechat_oa" : r.nextBoolean() ? "mini_program" : null;
        raw.add(
            new JourneyEvent(
                id,
                kind,
                eventId,
                ts,
                0L,
                channel,
                r.nextInt(5) == 0 ? "G" + r.nextInt(3) : null,
                "SKU-" + r.nextInt(3),
                "camp",
                kind.equals("purchase") ? "O-" + eventId : null,
                null,
                referrer,
                referrer == null ? null : new CustomerIds(referrer, null, null, null),
                kind.equals("lifecycle") ? (r.nextBoolean() ? "AT_RISK" : "DORMANT") : null));
      }
      if (r.nextInt(5) == 0) {
        JourneyEvent last = raw.get(raw.size() - 1);
        long at = last.ts() + (r.nextBoolean() ? 0 : r.nextInt(10) * DAY);
        raw.add(bare(id, EventKinds.MERGED, "bind-" + id, at));
      }
      raw.sort(
          Comparator.comparingLong(JourneyEvent::ts)
              .thenComparing((a, b) -> CustomerJourneys.before(a, b) ? -1 : 1));
      // History, computed here independently of the engine: kinds seen, last channel and guide.
      long seen = 0;
      String channel = null;
      String guide = null;
      for (JourneyEvent e : raw) {
        channel = e.contactChannel() != null ? e.contactChannel() : channel;
        guide = e.guideId() != null ? e.guideId() : guide;
        all.add(
            new JourneyEvent(
                e.customerId(),
                e.kind(),
                e.eventId(),
                e.ts(),
                seen,
                channel,
                guide,
                e.sku(),
                e.campaignId(),
                e.orderId(),
                e.card(),
                e.referrerId(),
                e.referrerIds(),
                e.stage()));
        seen |= 1L << EventKinds.bit(e.kind());
      }
    }
    return all;
  }

  /** An event with nothing but its customer, kind, id and time. */
  private static JourneyEvent bare(String customer, String kind, String eventId, long ts) {
    return new JourneyEvent(
        customer, kind, eventId, ts, 0L, null, null, null, null, null, null, null, null, null);
  }

  private static String describe(JourneyTrigger t) {
    return t.journeyId()
        + " "
        + t.customerId()
        + " "
        + t.triggerId()
        + " at "
        + (t.firedAt() - T0) / MINUTE
        + " "
        + t.cause()
        + " via "
        + t.channel()
        + " guide "
        + t.guideId();
  }

  /** The engine, as a plain loop over a HashMap of customers (no Flink). */
  private static List<String> engine(
      JourneysConfig settings, JobConfig config, List<JourneyEvent> history, long flushAt) {
    JourneyEngine engine = new JourneyEngine(settings, config.campaigns());
    Map<String, CustomerJourneys> state = new HashMap<>();
    List<String> fired = new ArrayList<>();
    JourneyEngine.Output out =
        new JourneyEngine.Output() {
          @Override
          public void trigger(JourneyTrigger t) {
            if (!t.journeyId().equals("collection-complete")) {
              fired.add(describe(t));
            }
          }

          @Override
          public void late(LateEvent e) {
            throw new AssertionError("nothing is late here: " + e);
          }

          @Override
          public void count(int journey, JourneyEngine.Outcome outcome) {}
        };
    for (JourneyEvent e : history) {
      CustomerJourneys c = state.computeIfAbsent(e.customerId(), k -> new CustomerJourneys());
      // Each event as it arrives, raw: the engine fills in the history itself.
      c.buffer(e.ts(), e.withSeenBefore(0L));
      engine.advance(c, e.ts() - 1, out);
    }
    for (CustomerJourneys c : state.values()) {
      engine.advance(c, flushAt, out);
    }
    return fired;
  }

  /** Flink's CEP operator, one per sequence journey, as the job ran before the engine. */
  private static List<String> cep(JobConfig config, List<JourneyEvent> history, long flushAt)
      throws Exception {
    List<JourneyEvent> timeline = new ArrayList<>(history);
    timeline.sort(Comparator.comparingLong(JourneyEvent::ts)); // stable: ties keep their order
    timeline.add(bare("flush", "page_view", "flush", flushAt));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.flinkConfiguration(config));
    env.setParallelism(1);
    DataStream<JourneyEvent> events =
        env.fromData(timeline, TypeInformation.of(JourneyEvent.class))
            .assignTimestampsAndWatermarks(JourneyRun.punctuated((e, previous) -> e.ts()));
    KeyedStream<JourneyEvent, String> keyed = events.keyBy(JourneyEvent::customerId, Types.STRING);
    List<DataStream<JourneyTrigger>> fired = new ArrayList<>();
    List<JourneyDefinition> journeys = config.journeys().list();
    for (int i = 0; i < journeys.size(); i++) {
      JourneyDefinition j = journeys.get(i);
      if (j.kind() != JourneyDefinition.Kind.SEQUENCE) {
        continue;
      }
      SingleOutputStreamOperator<JourneyTrigger> matched =
          CEP.pattern(keyed, CepReference.compile(j), new CepReference.ByEventId())
              .process(
                  new CepMatchFunction(j, i, config.journeys()),
                  TypeInformation.of(JourneyTrigger.class));
      fired.add(matched);
      fired.add(matched.getSideOutput(CepMatchFunction.TIMEOUTS));
    }
    DataStream<JourneyTrigger> all = fired.get(0);
    for (DataStream<JourneyTrigger> more : fired.subList(1, fired.size())) {
      all = all.union(more);
    }
    List<String> out = new ArrayList<>();
    try (CloseableIterator<JourneyTrigger> it = all.collectAsync()) {
      env.execute("journeys on CEP (reference)");
      it.forEachRemaining(t -> out.add(describe(t)));
    }
    return out;
  }
}
