package io.siyu.benchmark;

import io.siyu.generator.GeneratedRecord;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.identity.IdNode;
import io.siyu.jobs.identity.IdStore;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.identity.IdentityResolution;
import io.siyu.jobs.identity.Repoint;
import io.siyu.jobs.ingest.IngestDeserializer;
import io.siyu.jobs.journey.CapState;
import io.siyu.jobs.journey.CustomerJourneys;
import io.siyu.jobs.journey.FrequencyCap;
import io.siyu.jobs.journey.JourneyEngine;
import io.siyu.jobs.journey.JourneyEngineFunction;
import io.siyu.jobs.journey.JourneyInput;
import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.jobs.journey.LateEvent;
import io.siyu.jobs.profile.CustomerProfileLogic;
import io.siyu.jobs.profile.CustomerState;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.profile.MemberHistory;
import io.siyu.jobs.profile.MemberProfileLogic;
import io.siyu.jobs.profile.MemberUpdate;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.profile.TagChange;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.sources.KafkaSources;
import io.siyu.udf.PhoneHasher;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The naive baseline: the job's per-customer logic in one thread over plain {@link HashMap}s,
 * without Flink — what the logic itself costs, against which the Flink variants' rates compare.
 *
 * <p>Per record, in input order: the parse ({@link IngestDeserializer}, as the Kafka source does;
 * invalid records are counted and skipped), then for every valid event what the job does, stage
 * after stage, calling the same code:
 *
 * <ol>
 *   <li>identity resolution (OneID): {@link IdentityResolution} (what {@code IdentityResolver} does
 *       per event: re-points, merge notices, identity-map rows, referral credits) over a HashMap
 *       {@link IdStore};
 *   <li>the per-identifier histories ({@link MemberProfileLogic}, the logic of {@code
 *       MemberProfileFunction}) and the per-customer profile ({@link CustomerProfileLogic}, the
 *       logic of {@code CustomerProfileFunction}: lifecycle, RFM, tags, CLV) on every update;
 *   <li>the journeys ({@link JourneyEngine}, one {@link CustomerJourneys} per customer) on the
 *       event, the lifecycle changes and the merge notices, and the frequency cap ({@link
 *       FrequencyCap}, one {@link CapState} per recipient) on every trigger.
 * </ol>
 *
 * <p>What is left out, being Flink mechanics rather than logic: watermarks, the event-time gate (no
 * late events), the event-time order before identity resolution and the holding of updates and
 * triggers until the watermark passes them (here events are processed in input order and evaluated
 * at once), timers (the customer's ageing timer is kept in its state and fired lazily before its
 * next update, as the profile function does between held updates; the identifiers' retention is
 * decided lazily on their next message, as in the job; the journeys are advanced to just before
 * each of the customer's inputs and, at the end, to the last event time, so time limits pass then),
 * serialization, keying, checkpoints, metrics and sinks (outputs are only counted). The BI branch
 * (aggregates, per-code and per-customer steps) is not included: its logic lives inside its Flink
 * functions.
 */
final class NaiveBaseline {
  private NaiveBaseline() {}

  /** What one run produced, per output. */
  record Counts(
      long events,
      long invalid,
      long links,
      long merges,
      long memberUpdates,
      long duplicates,
      long accepted,
      long profileUpdates,
      long transitions,
      long tagChanges,
      long triggersSent,
      long triggersCapped,
      long lateEvents,
      double seconds) {

    long check() {
      return invalid
          + links
          + merges
          + memberUpdates
          + profileUpdates
          + transitions
          + tagChanges
          + triggersSent
          + triggersCapped;
    }
  }

  static IngestBenchmark.Outcome run(
      JobConfig config, PhoneHasher hasher, List<GeneratedRecord> records) {
    Counts c = process(config, hasher, records);
    return new IngestBenchmark.Outcome(c.check(), c.events(), c.seconds());
  }

  /** Processes {@code records} once, with fresh state; the seconds are the loop's alone. */
  static Counts process(JobConfig config, PhoneHasher hasher, List<GeneratedRecord> records) {
    Run run = new Run(config, KafkaSources.deserializer(config, hasher));
    long t0 = System.nanoTime();
    long offset = 0;
    for (GeneratedRecord r : records) {
      run.record(r, offset++);
    }
    run.finish();
    double seconds = (System.nanoTime() - t0) / 1e9;
    return run.counts(records.size(), seconds);
  }

  /** One run's state: a HashMap per keyed state of the job. */
  private static final class Run {
    private final IngestDeserializer deserializer;

    // Identity resolution: one graph (the job's single key), its nodes in a map.
    private final Map<String, IdNode> nodes = new HashMap<>();
    private final IdentityResolution identity;
    private final List<IdentityMessage> messages = new ArrayList<>();

    // Profile: histories per identifier, profiles per canonical customer.
    private final MemberProfileLogic memberLogic;
    private final CustomerProfileLogic customerLogic;
    private final Map<String, MemberHistory> histories = new HashMap<>();
    private final Map<String, CustomerState> profiles = new HashMap<>();
    private final MemberOut memberOut = new MemberOut();
    private final ProfileOut profileOut = new ProfileOut();

    // Journeys: per customer; the frequency cap per recipient.
    private final JourneyEngine engine;
    private final Set<String> contactChannels;
    private final FrequencyCap cap;
    private final Map<String, CustomerJourneys> journeys = new HashMap<>();
    private final Map<String, CapState> caps = new HashMap<>();
    private final List<JourneyInput> journeyInputs = new ArrayList<>();
    private final List<Long> journeyInputAt = new ArrayList<>();
    private final JourneyOut journeyOut = new JourneyOut();
    private long lastTs = Long.MIN_VALUE;

    private long invalid;
    private long links;
    private long merges;
    private long memberUpdates;
    private long duplicates;
    private long accepted;
    private long profileUpdates;
    private long transitions;
    private long tagChanges;
    private long triggersSent;
    private long triggersCapped;
    private long lateEvents;

    /** The record timestamp of what the profile is applying (its outputs are stamped with it). */
    private long profileAt;

    Run(JobConfig config, IngestDeserializer deserializer) {
      this.deserializer = deserializer;
      this.identity =
          new IdentityResolution(
              IdStore.of(nodes), config.profile().identity().maxIdsPerCustomer());
      this.memberLogic = new MemberProfileLogic(config.profile(), config.campaigns());
      this.customerLogic = new CustomerProfileLogic(config.profile(), config.campaigns());
      this.engine = new JourneyEngine(config.journeys(), config.campaigns());
      this.contactChannels = Set.copyOf(config.journeys().contactChannels());
      this.cap = new FrequencyCap(config.journeys(), config.zone());
    }

    void record(GeneratedRecord r, long offset) {
      Ingested in = deserializer.ingest(r.topic(), 0, offset, r.kafkaTimestamp(), r.value());
      if (!in.isValid()) {
        invalid++;
        return;
      }
      CustomerEvent event = in.event();
      long ts = event.header().ts();
      lastTs = Math.max(lastTs, ts);
      try {
        resolve(event, ts);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      for (IdentityMessage m : messages) {
        member(m, ts);
      }
      messages.clear();
      for (int i = 0; i < journeyInputs.size(); i++) {
        journey(journeyInputs.get(i), journeyInputAt.get(i));
      }
      journeyInputs.clear();
      journeyInputAt.clear();
    }

    /** The end of the input: every customer's journeys advanced to the last event time. */
    void finish() {
      for (CustomerJourneys c : journeys.values()) {
        engine.advance(c, lastTs, journeyOut);
      }
    }

    Counts counts(long events, double seconds) {
      return new Counts(
          events,
          invalid,
          links,
          merges,
          memberUpdates,
          duplicates,
          accepted,
          profileUpdates,
          transitions,
          tagChanges,
          triggersSent,
          triggersCapped,
          lateEvents,
          seconds);
    }

    // ---- identity resolution (IdentityResolver, through IdentityResolution) ----

    private void resolve(CustomerEvent event, long ts) throws Exception {
      identity.resolve(
          event,
          new IdentityResolution.Output() {
            @Override
            public void message(IdentityMessage m) {
              messages.add(m);
              if (m.event() != null) {
                addJourneyInput(JourneyInput.of(m.resolved()), ts);
              }
            }

            @Override
            public void link(Repoint p, String cause, long at) {
              links++; // a row of the identity map (its sink is not run)
            }

            @Override
            public void merged(String absorbed, String into, String eventId) {
              merges++;
              addJourneyInput(JourneyInput.of(new CustomerMerge(absorbed, into, ts, eventId)), ts);
            }

            @Override
            public void refused() {}
          });
    }

    // ---- identifier histories (MemberProfileFunction) ----

    private void member(IdentityMessage m, long at) {
      String key = m.memberKey();
      MemberHistory h = histories.get(key);
      if (memberLogic.expired(h, at)) {
        h = memberLogic.forget(h);
        histories.put(key, h);
      }
      MemberHistory changed = memberLogic.apply(key, h, m, at, memberOut);
      if (changed != null && changed != h) {
        histories.put(key, changed);
      }
    }

    private final class MemberOut implements MemberProfileLogic.Output {
      @Override
      public void update(MemberUpdate u) {
        memberUpdates++;
        profile(u);
      }

      @Override
      public void resolved(ResolvedEvent e) {
        // The journeys here take their events from identity resolution, which saw every event.
      }

      @Override
      public void accepted(ResolvedEvent e) {
        accepted++; // the BI branch's input (not run here)
      }

      @Override
      public void duplicate() {
        duplicates++;
      }

      @Override
      public void retentionTimer(long time) {
        // No timers: expiry is decided on the identifier's next message, as in the job.
      }
    }

    // ---- customer profile (CustomerProfileFunction.onTimer, at once) ----

    private void profile(MemberUpdate u) {
      String key = u.canonical();
      CustomerState s = profiles.get(key);
      CustomerState before = s;
      profileAt = u.at();
      s = customerLogic.timersBefore(key, s, u.at(), profileOut);
      s = customerLogic.apply(key, s, u, profileOut);
      s = customerLogic.timersBefore(key, s, u.at() + 1, profileOut);
      if (s == null) {
        if (before != null) {
          profiles.remove(key);
        }
      } else if (s != before) {
        profiles.put(key, s);
      }
    }

    private final class ProfileOut implements CustomerProfileLogic.Output {
      @Override
      public void update(ProfileUpdate u) {
        profileUpdates++;
      }

      @Override
      public void transition(LifecycleTransition t) {
        transitions++;
        addJourneyInput(JourneyInput.of(t), profileAt);
      }

      @Override
      public void tagChange(TagChange c) {
        tagChanges++;
      }

      @Override
      public void registerTimer(long time) {
        // The customer's one timer is CustomerState.timer, fired before its next update.
      }

      @Override
      public void deleteTimer(long time) {}
    }

    // ---- journeys (JourneyEngineFunction) and the frequency cap (FrequencyCapFunction) ----

    private void addJourneyInput(JourneyInput in, long at) {
      journeyInputs.add(in);
      journeyInputAt.add(at);
    }

    private void journey(JourneyInput in, long at) {
      String key = in.customerId();
      CustomerJourneys c = journeys.get(key);
      if (c == null) {
        c = new CustomerJourneys();
        journeys.put(key, c);
      }
      JourneyEngine.offer(c, at, JourneyEngineFunction.raw(key, in, contactChannels));
      engine.advance(c, at - 1, journeyOut);
    }

    private final class JourneyOut implements JourneyEngine.Output {
      @Override
      public void trigger(JourneyTrigger t) {
        CapState s = caps.get(t.customerId());
        if (s == null) {
          s = new CapState();
          caps.put(t.customerId(), s);
        }
        if (cap.decide(t, s).sent()) {
          triggersSent++;
        } else {
          triggersCapped++;
        }
      }

      @Override
      public void late(LateEvent e) {
        lateEvents++;
      }

      @Override
      public void count(int journey, JourneyEngine.Outcome outcome) {}
    }
  }

  /**
   * {@code NaiveBaseline [--events N] [--rounds R]}: the generator's mix, best of R rounds (fresh
   * maps each round), as events per second of the loop and per second of process CPU time.
   */
  public static void main(String[] args) throws Exception {
    int events = intArg(args, "--events", 1_000_000);
    int rounds = intArg(args, "--rounds", 3);
    List<GeneratedRecord> records = BenchmarkData.records(events);
    JobConfig config = BenchmarkData.config();
    PhoneHasher hasher = BenchmarkData.hasher();
    System.out.printf(
        "machine: %d cores (%s), JVM %s; %d records%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("java.vm.version"),
        records.size());
    double best = 0;
    double bestPerCpu = 0;
    for (int i = 0; i < rounds; i++) {
      long cpu0 = cpuNanos();
      Counts c = process(config, hasher, records);
      double cpu = (cpuNanos() - cpu0) / 1e9;
      double rate = c.events() / c.seconds();
      double perCpu = c.events() / cpu;
      best = Math.max(best, rate);
      bestPerCpu = Math.max(bestPerCpu, perCpu);
      System.out.printf(
          "naive-baseline round %d: %,12.0f events/s, %,12.0f events/CPU-s  (%,d events,"
              + " %.2f s loop, %.2f s process CPU, check %d)%n",
          i + 1, rate, perCpu, c.events(), c.seconds(), cpu, c.check());
      if (i == 0) {
        System.out.println("  " + c);
      }
    }
    System.out.printf(
        "%nnaive-baseline best of %d: %,.0f events/s, %,.0f events per CPU-second (%,d events)%n",
        rounds, best, bestPerCpu, records.size());
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }
}
