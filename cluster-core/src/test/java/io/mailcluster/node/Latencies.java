package io.mailcluster.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response times per command type, in nanoseconds; one instance per client thread, merged at
 * the end. Percentiles are nearest-rank over all samples.
 */
final class Latencies {

  private final Map<String, List<Long>> samples = new TreeMap<>();

  void add(String command, long nanos) {
    samples.computeIfAbsent(command, c -> new ArrayList<>()).add(nanos);
  }

  void addAll(Latencies other) {
    other.samples.forEach((command, list) ->
        samples.computeIfAbsent(command, c -> new ArrayList<>()).addAll(list));
  }

  long count() {
    return samples.values().stream().mapToLong(List::size).sum();
  }

  /** One line per command type: count, rate over {@code seconds}, p50/p95/p99/max in ms. */
  String table(double seconds) {
    StringBuilder out = new StringBuilder(String.format("   %-28s %8s %8s %8s %8s %8s %8s%n",
        "command", "count", "cmd/s", "p50 ms", "p95 ms", "p99 ms", "max ms"));
    samples.forEach((command, list) -> out.append(row(command, list, seconds)));
    List<Long> all = new ArrayList<>();
    samples.values().forEach(all::addAll);
    out.append(row("ALL", all, seconds));
    return out.toString();
  }

  private static String row(String command, List<Long> list, double seconds) {
    long[] sorted = list.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return String.format("   %-28s %8d %8.1f %8.2f %8.2f %8.2f %8.2f%n", command, sorted.length,
        sorted.length / seconds, ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99),
        ms(sorted, 1.0));
  }

  static double ms(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
