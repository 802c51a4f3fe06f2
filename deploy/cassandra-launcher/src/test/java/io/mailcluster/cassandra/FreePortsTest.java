package io.mailcluster.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void noPortIsHandedOutTwiceInOneJvm() {
    Set<Integer> seen = new HashSet<>();
    int handedOut = 0;
    for (int call = 0; call < 200; call++) {
      for (int port : FreePorts.pick(1 + call % 5)) {
        seen.add(port);
        handedOut++;
      }
    }
    assertEquals(handedOut, seen.size(), "a port was given twice");
  }
}
