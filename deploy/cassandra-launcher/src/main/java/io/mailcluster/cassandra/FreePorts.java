package io.mailcluster.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on 127.0.0.1, chosen by the kernel.
 *
 * <p>A port is free when asked, not necessarily when used: another process may take it in between.
 * That window is short, and a Cassandra that cannot bind exits at once with "Address already in use".
 */
public final class FreePorts {

  // Literally 127.0.0.1: getLoopbackAddress() may answer ::1, where Cassandra does not listen.
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  private FreePorts() {}

  public static int pick() {
    return pick(1)[0];
  }

  /** {@code count} distinct ports: all sockets stay open until the last is bound, so none repeats. */
  public static int[] pick(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(LOOPBACK));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a listening socket that accepted nothing does not fail in practice
        }
      }
    }
  }
}
