package io.mailcluster.projections;

import com.typesafe.config.Config;
import java.time.Duration;

/** The keys of {@code mail-cluster.projections} (documented in reference.conf). */
public record ProjectionSettings(
    boolean enabled,
    int saveOffsetAfterEnvelopes,
    Duration saveOffsetAfter,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    int statusCountLimit,
    Duration rebuildStepTimeout) {

  public static ProjectionSettings fromConfig(Config root) {
    Config c = root.getConfig("mail-cluster.projections");
    return new ProjectionSettings(
        c.getBoolean("enabled"),
        c.getInt("save-offset-after-envelopes"),
        c.getDuration("save-offset-after"),
        c.getDuration("restart-min-backoff"),
        c.getDuration("restart-max-backoff"),
        c.getInt("status-count-limit"),
        c.getDuration("rebuild-step-timeout"));
  }
}
