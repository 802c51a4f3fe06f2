package io.mailcluster.entity;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Snapshot retention and persist-failure backoff of an event-sourced entity: the keys
 * {@code snapshot-every}, {@code keep-snapshots} and {@code persist-failure-backoff} of one config
 * section ({@code mail-cluster.entities} for the control entities, {@code mail-cluster.folders}, ...).
 */
public record EntitySettings(
    int snapshotEvery,
    int keepSnapshots,
    Duration backoffMin,
    Duration backoffMax,
    double backoffRandomFactor) {

  /** The control entities' settings, under {@code mail-cluster.entities}. */
  public static EntitySettings fromConfig(Config config) {
    return fromSection(config.getConfig("mail-cluster.entities"));
  }

  public static EntitySettings fromSection(Config c) {
    return new EntitySettings(
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getDuration("persist-failure-backoff.min"),
        c.getDuration("persist-failure-backoff.max"),
        c.getDouble("persist-failure-backoff.random-factor"));
  }

  public static EntitySettings of(ActorSystem<?> system) {
    return fromConfig(system.settings().config());
  }

  public RetentionCriteria retention() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, keepSnapshots);
  }

  public BackoffSupervisorStrategy onPersistFailure() {
    return SupervisorStrategy.restartWithBackoff(backoffMin, backoffMax, backoffRandomFactor);
  }
}
