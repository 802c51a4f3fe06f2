package io.mailcluster.mailbox;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** Settings of the {@link Folder} entity and {@link FolderService}, from {@code mail-cluster.folders}. */
public record FolderSettings(
    int snapshotEvery,
    int keepSnapshots,
    int idempotencyKeys,
    int maxIdempotencyKeyLength,
    int maxBatchSize,
    int maxFetch,
    Duration askTimeout,
    Duration backoffMin,
    Duration backoffMax,
    double backoffRandomFactor) {

  public static FolderSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.folders");
    return new FolderSettings(
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getInt("idempotency-keys"),
        c.getInt("max-idempotency-key-length"),
        c.getInt("max-batch-size"),
        c.getInt("max-fetch"),
        c.getDuration("ask-timeout"),
        c.getDuration("persist-failure-backoff.min"),
        c.getDuration("persist-failure-backoff.max"),
        c.getDouble("persist-failure-backoff.random-factor"));
  }

  static FolderSettings of(ActorSystem<?> system) {
    return fromConfig(system.settings().config());
  }

  RetentionCriteria retention() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, keepSnapshots);
  }

  BackoffSupervisorStrategy onPersistFailure() {
    return SupervisorStrategy.restartWithBackoff(backoffMin, backoffMax, backoffRandomFactor);
  }
}
