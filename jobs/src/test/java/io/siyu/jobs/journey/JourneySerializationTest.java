package io.siyu.jobs.journey;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** The journeys' records and state values are Flink POJOs: no Kryo, ever. */
class JourneySerializationTest {

  @Test
  void everyJourneyTypeIsAFlinkPojoWithoutKryo() {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    for (Class<?> type :
        new Class<?>[] {
          JourneyInput.class,
          JourneyEvent.class,
          JourneyTrigger.class,
          LateEvent.class,
          CustomerJourneys.class,
          CapState.class
        }) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertInstanceOf(PojoTypeInfo.class, info, type.getSimpleName());
      info.createSerializer(noKryo); // throws UnsupportedOperationException on a generic type
    }
  }
}
