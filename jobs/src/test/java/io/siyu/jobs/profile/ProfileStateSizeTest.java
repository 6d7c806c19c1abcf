package io.siyu.jobs.profile;

import static io.siyu.jobs.profile.Events.DAY;
import static io.siyu.jobs.profile.Events.T0;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.identity.IdNode;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The bytes one customer takes in RocksDB (Flink's own serializers, no Kryo): their identifier's
 * history, their profile (which holds a copy of it), and the identity graph's node. Bounds guard
 * against state bloat.
 */
class ProfileStateSizeTest {

  @Test
  void aCustomerCostsAFewHundredBytesPerOperator() throws Exception {
    MemberHistory prospect = new MemberHistory();
    prospect.canonical = "m:M0000012345";
    prospect.seenRecently("e-0000000001");
    prospect.channels.add("mini_program", 1);

    MemberHistory buyer = new MemberHistory();
    buyer.canonical = "m:M0000012345";
    for (int i = 0; i < MemberHistory.RECENT_EVENTS; i++) {
      buyer.seenRecently("e-" + i);
    }
    for (int i = 0; i < 10; i++) {
      buyer.addOrder("ORD-2026-000" + i, T0 + i * DAY, 12_990);
    }
    buyer.channels.add("mini_program", 12);
    buyer.categories.add("yogurt", 14);

    IdNode node = new IdNode();
    node.canonical = "m:M0000012345";
    node.members = new String[] {"m:M0000012345", "o:oAbCdEfGhIjKlMnOpQrStUvWx"};

    int prospectHistory = size(MemberHistory.class, prospect);
    int buyerHistory = size(MemberHistory.class, buyer);
    int prospectProfile = size(CustomerState.class, profileOf(prospect));
    int buyerProfile = size(CustomerState.class, profileOf(buyer));
    int idNode = size(IdNode.class, node);
    System.out.printf(
        "state per customer: prospect history %d B + profile %d B; buyer with 10 orders history %d"
            + " B + profile %d B; identity node %d B per identifier%n",
        prospectHistory, prospectProfile, buyerHistory, buyerProfile, idNode);
    assertTrue(prospectHistory < 300, "prospect history " + prospectHistory);
    assertTrue(buyerHistory < 700, "buyer history " + buyerHistory);
    assertTrue(buyerProfile < buyerHistory + 200, "buyer profile " + buyerProfile);
    assertTrue(idNode < 120, "identity node " + idNode);
  }

  private static CustomerState profileOf(MemberHistory h) {
    CustomerState s = new CustomerState();
    s.put("m:M0000012345", h);
    s.tags =
        new CustomerTags(true, false, "mini_program", "yogurt", false, false, null, false, null);
    return s;
  }

  private static <T> int size(Class<T> type, T value) throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    TypeSerializer<T> ser = TypeInformation.of(type).createSerializer(noKryo);
    DataOutputSerializer out = new DataOutputSerializer(1024);
    ser.serialize(value, out);
    return out.length();
  }
}
