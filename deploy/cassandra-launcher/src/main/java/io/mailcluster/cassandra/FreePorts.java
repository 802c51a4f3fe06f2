package io.mailcluster.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1, chosen by the kernel.
 *
 * <p>A port is free when asked, not necessarily when used: another process may take it in between.
 * That window is short, and a Cassandra that cannot bind exits at once with "Address already in use".
 * Within this JVM no port is handed out twice: the kernel may offer a port again as soon as its
 * probe socket is closed, and two test nodes given the same port made one of them stop.
 */
public final class FreePorts {

  // Literally 127.0.0.1: getLoopbackAddress() may answer ::1, where Cassandra does not listen.
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  /** Every port handed out by this JVM so far. */
  private static final Set<Integer> GIVEN = new HashSet<>();

  /** Probes before giving up: the kernel has tens of thousands of ephemeral ports. */
  private static final int MAX_PROBES = 1000;

  private FreePorts() {}

  public static int pick() {
    return pick(1)[0];
  }

  /**
   * {@code count} distinct ports never handed out before by this JVM: all probe sockets stay open
   * until the last is bound, so the kernel cannot offer one twice meanwhile.
   */
  public static synchronized int[] pick(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      int[] ports = new int[count];
      int found = 0;
      for (int probe = 0; found < count; probe++) {
        if (probe == MAX_PROBES) {
          throw new IOException("no new free port in " + MAX_PROBES + " probes");
        }
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(LOOPBACK));
        sockets.add(socket);
        if (GIVEN.add(socket.getLocalPort())) {
          ports[found++] = socket.getLocalPort();
        }
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
