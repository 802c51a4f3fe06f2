package io.mailcluster.control;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** Snapshot retention and persist-failure backoff of the control entities. */
public record EntitySettings(
    int snapshotEvery,
    int keepSnapshots,
    Duration backoffMin,
    Duration backoffMax,
    double backoffRandomFactor) {

  public static EntitySettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.entities");
    return new EntitySettings(
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getDuration("persist-failure-backoff.min"),
        c.getDuration("persist-failure-backoff.max"),
        c.getDouble("persist-failure-backoff.random-factor"));
  }

  static EntitySettings of(ActorSystem<?> system) {
    return fromConfig(system.settings().config());
  }

  RetentionCriteria retention() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, keepSnapshots);
  }

  BackoffSupervisorStrategy onPersistFailure() {
    return SupervisorStrategy.restartWithBackoff(backoffMin, backoffMax, backoffRandomFactor);
  }
}
