package io.mailcluster.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds and their percentiles (nearest rank). */
final class Latencies {

  private long[] values = new long[1024];
  private int count;

  void add(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
  }

  void addAll(Latencies other) {
    for (int i = 0; i < other.count; i++) {
      add(other.values[i]);
    }
  }

  int count() {
    return count;
  }

  /** The smallest recorded value that at least {@code percent} % of the values do not exceed. */
  long percentile(double percent) {
    if (count == 0) {
      throw new IllegalStateException("no values");
    }
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100 * count);
    return sorted[Math.max(rank, 1) - 1];
  }
}
