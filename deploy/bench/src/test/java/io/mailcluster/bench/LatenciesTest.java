package io.mailcluster.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRank() {
    Latencies latencies = new Latencies();
    for (long v = 100; v >= 1; v--) {
      latencies.add(v);
    }
    assertEquals(50, latencies.percentile(50));
    assertEquals(99, latencies.percentile(99));
    assertEquals(100, latencies.percentile(100));
    assertEquals(1, latencies.percentile(0.5));
  }

  @Test
  void oneValueIsEveryPercentile() {
    Latencies latencies = new Latencies();
    latencies.add(7);
    assertEquals(7, latencies.percentile(50));
    assertEquals(7, latencies.percentile(99));
  }

  @Test
  void mergedRecordersKeepEveryValueBeyondTheInitialCapacity() {
    Latencies a = new Latencies();
    Latencies b = new Latencies();
    for (int i = 0; i < 3000; i++) {
      a.add(i);
      b.add(3000 + i);
    }
    a.addAll(b);
    assertEquals(6000, a.count());
    assertEquals(2999, a.percentile(50));
    assertEquals(5939, a.percentile(99));
  }

  @Test
  void emptyHasNoPercentile() {
    assertThrows(IllegalStateException.class, () -> new Latencies().percentile(50));
  }
}
