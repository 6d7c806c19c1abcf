package io.siyu.jobs.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.identity.IdNode;
import io.siyu.jobs.identity.IdentityLink;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.ingest.IngestDeserializer;
import io.siyu.jobs.profile.CustomerState;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.profile.MemberHistory;
import io.siyu.jobs.profile.MemberUpdate;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.profile.TagChange;
import io.siyu.jobs.sources.KafkaSources;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The records are serialized by Flink's own POJO serializer, never Kryo: building serializers with
 * generic types disabled fails if any field would need Kryo.
 */
class FlinkSerializationTest {

  @Test
  void everyRecordIsAFlinkPojoWithoutKryo() throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    for (Class<?> type :
        new Class<?>[] {
          Ingested.class,
          CustomerEvent.class,
          DeadLetter.class,
          ResolvedEvent.class,
          IdentityMessage.class,
          IdentityLink.class,
          IdNode.class,
          io.siyu.jobs.identity.KnownIdSets.class,
          io.siyu.jobs.profile.MemberHistoryOperator.TimedMessage.class,
          MemberHistory.class,
          MemberUpdate.class,
          CustomerState.class,
          ProfileUpdate.class,
          LifecycleTransition.class,
          TagChange.class,
          io.siyu.jobs.journey.CustomerJourneys.class
        }) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertInstanceOf(PojoTypeInfo.class, info, type.getSimpleName());
      info.createSerializer(noKryo); // throws UnsupportedOperationException on a generic type
    }
  }

  @Test
  void roundTripsAPurchaseWithItems() throws Exception {
    IngestDeserializer d =
        KafkaSources.deserializer(TestFixtures.localConfig(), TestFixtures.HASHER);
    Ingested in =
        d.ingest(
            "purchase",
            0,
            0,
            1767225600000L,
            ("{\"event_id\":\"p1\",\"ts\":1767225600000,\"channel\":\"store_pos\",\"ids\":{\"phone\":\"13800000000\"},"
                    + "\"order_id\":\"O\",\"status\":\"paid\",\"amount\":3,\"items\":[{\"sku\":\"a\",\"qty\":3,\"unit_price\":1}]}")
                .getBytes(StandardCharsets.UTF_8));
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    TypeSerializer<Ingested> ser = TypeInformation.of(Ingested.class).createSerializer(noKryo);
    DataOutputSerializer out = new DataOutputSerializer(256);
    ser.serialize(in, out);
    Ingested back = ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertEquals(in.event().header(), back.event().header());
    assertArrayEquals(in.event().purchase().items(), back.event().purchase().items());
    assertEquals(in.event().purchase().amountFen(), back.event().purchase().amountFen());
    assertEquals(null, back.deadLetter());
  }
}
