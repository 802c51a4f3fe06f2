package io.mailcluster.lock;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code mail-cluster.maildrop-locks} section; defaults live in reference.conf. */
public record LockSettings(
    Duration lease, Duration renewInterval, String serialConsistency, String consistency) {

  public LockSettings {
    if (lease.toSeconds() < 1 || renewInterval.isNegative() || renewInterval.isZero()
        || renewInterval.compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "maildrop lock: need 1 s <= lease and 0 < renew-interval < lease");
    }
  }

  public static LockSettings fromConfig(Config root) {
    Config c = root.getConfig("mail-cluster.maildrop-locks");
    return new LockSettings(c.getDuration("lease"), c.getDuration("renew-interval"),
        c.getString("serial-consistency"), c.getString("consistency"));
  }
}
