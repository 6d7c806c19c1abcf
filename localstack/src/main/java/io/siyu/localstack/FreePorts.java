package io.siyu.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Picks free TCP ports on 127.0.0.1 for the local servers. */
final class FreePorts {

  /**
   * Ports that must never be handed out even if they happen to be free: the usual ClickHouse and
   * Kafka defaults, and the ports of a ClickHouse that someone else runs on this machine.
   */
  private static final Set<Integer> RESERVED = Set.of(8123, 9000, 9009, 9092, 9093, 18123, 19000);

  private FreePorts() {}

  /**
   * Returns {@code count} distinct ports that were free a moment ago. All sockets are held open
   * together so that the kernel cannot return the same port twice.
   */
  static int[] pick(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      int found = 0;
      while (found < count) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setReuseAddress(true);
        sockets.add(socket);
        if (!RESERVED.contains(socket.getLocalPort())) {
          ports[found++] = socket.getLocalPort();
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Nothing is listening on it any more either way.
        }
      }
    }
  }
}
