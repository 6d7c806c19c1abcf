package io.siyu.jobs.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.records.ResolvedEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Savepoint compatibility by construction: every operator of the journey pipeline has a uid, and
 * adding a journey changes none (all journeys run in one operator, whose state keeps open journeys
 * by journey id) — so a restore from a savepoint maps every journey's state to the same operator.
 */
class JourneyUidsTest {

  private static Set<String> uids(JobConfig config) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.flinkConfiguration(config));
    var events =
        env.fromData(
                List.of(JourneyFixtures.cart("a", JourneyFixtures.T0)),
                TypeInformation.of(ResolvedEvent.class))
            .uid("test-events");
    var transitions =
        env.fromData(
                List.of(JourneyFixtures.atRisk("a", JourneyFixtures.T0)),
                TypeInformation.of(LifecycleTransition.class))
            .uid("test-transitions");
    var merges =
        env.fromData(
                List.of(JourneyFixtures.merged("a", "b", JourneyFixtures.T0)),
                TypeInformation.of(CustomerMerge.class))
            .uid("test-merges");
    JourneyStreams out =
        new JourneyJob(config, Map.of(), Map.of(), Map.of()).attachTo(events, transitions, merges);
    out.triggers().print().uid("test-print");
    out.late().print().uid("test-print-late");
    Set<String> uids = new TreeSet<>();
    for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
      String uid = node.getTransformationUID();
      assertTrue(uid != null, "no uid on " + node.getOperatorName());
      uids.add(uid);
    }
    return uids;
  }

  @Test
  void addingAJourneyChangesNoUid() {
    JobConfig all = TestFixtures.localConfig();
    List<JourneyDefinition> withoutWelcome =
        all.journeys().list().stream().filter(j -> !j.id().equals("welcome")).toList();
    JobConfig before = all.withJourneys(all.journeys().withList(withoutWelcome));
    assertEquals(uids(before), uids(all), "all journeys share one operator");
    assertTrue(
        uids(all).containsAll(Set.of(JourneyJob.ENGINE_UID, JourneyJob.CAP_UID)),
        "the engine and the cap have fixed uids");
  }
}
