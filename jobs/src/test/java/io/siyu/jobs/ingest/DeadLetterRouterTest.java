package io.siyu.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetter;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.records.StreamKind;
import io.siyu.jobs.sources.KafkaSources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The source's decision (parse or dead-letter) followed by the router, as they run in the job. */
class DeadLetterRouterTest {
  private final IngestDeserializer deserializer =
      KafkaSources.deserializer(TestFixtures.localConfig(), TestFixtures.HASHER);

  @Test
  void routesValidEventsOnAndDeadLettersToTheSideOutputAndCountsThem() throws Exception {
    try (OneInputStreamOperatorTestHarness<Ingested, CustomerEvent> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterRouter())) {
      h.processElement(
          record(
              "scan",
              0,
              "{\"event_id\":\"s1\",\"ts\":1767225600000,"
                  + "\"channel\":\"app\",\"ids\":{\"open_id\":\"o\"},\"code\":\"c\"}"));
      h.processElement(record("purchase", 1, "{not json"));
      h.processElement(
          record(
              "interaction",
              2,
              "{\"event_id\":\"i1\",\"ts\":1767225600000,"
                  + "\"channel\":\"app\",\"ids\":{\"open_id\":\"o\"},\"type\":\"teleport\"}"));

      List<CustomerEvent> events = h.extractOutputValues();
      assertEquals(1, events.size());
      assertEquals(StreamKind.SCAN, events.get(0).kind());

      List<DeadLetter> dead =
          h.getSideOutput(DeadLetterRouter.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertEquals(2, dead.size());
      assertEquals("purchase", dead.get(0).sourceTopic());
      assertEquals(1, dead.get(0).sourceOffset());
      assertEquals("MALFORMED_JSON", dead.get(0).reason().name());
      assertEquals("UNKNOWN_TYPE", dead.get(1).reason().name());
      assertEquals(2, dead.get(1).sourceOffset());
    }
  }

  private StreamRecord<Ingested> record(String topic, long offset, String json) {
    return new StreamRecord<>(
        deserializer.ingest(
            topic, 0, offset, 1767225600000L, json.getBytes(StandardCharsets.UTF_8)),
        offset);
  }
}
