package io.mailcluster.node;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** What a benchmark figure was measured on: figures from a busy machine are not comparable. */
final class BenchMachine {

  private BenchMachine() {}

  /** Cores, memory and the load average now. */
  static String describe() {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return String.format("nproc=%d mem=%.1fGiB load=%.2f", os.getAvailableProcessors(),
        os.getTotalMemorySize() / (double) (1L << 30), os.getSystemLoadAverage());
  }
}
