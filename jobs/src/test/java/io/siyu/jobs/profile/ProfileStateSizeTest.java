package io.siyu.jobs.profile;

import static io.siyu.jobs.profile.Events.DAY;
import static io.siyu.jobs.profile.Events.T0;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The bytes one customer's profile takes in RocksDB (Flink's own serializer, no Kryo), for a
 * prospect and for buyers with several orders in the window. Bounds guard against state bloat.
 */
class ProfileStateSizeTest {

  @Test
  void aCustomerCostsAFewHundredBytes() throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    TypeSerializer<ProfileState> ser =
        TypeInformation.of(ProfileState.class).createSerializer(noKryo);

    ProfileState prospect = new ProfileState();
    prospect.seenRecently("e-0000000001");
    int prospectBytes = size(ser, prospect);

    ProfileState buyer = new ProfileState();
    for (int i = 0; i < ProfileState.RECENT_EVENTS; i++) {
      buyer.seenRecently("e-" + i);
    }
    for (int i = 0; i < 10; i++) {
      buyer.addOrder("ORD-2026-000" + i, T0 + i * DAY, 12_990);
    }
    int buyerBytes = size(ser, buyer);

    System.out.printf(
        "profile state: prospect %d B, buyer with 10 orders in the window %d B%n",
        prospectBytes, buyerBytes);
    assertTrue(prospectBytes < 300, "prospect " + prospectBytes);
    assertTrue(buyerBytes < 640, "buyer " + buyerBytes);
  }

  private static int size(TypeSerializer<ProfileState> ser, ProfileState s) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    ser.serialize(s, out);
    return out.length();
  }
}
