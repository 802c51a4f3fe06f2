package io.mailcluster.projections;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;

/**
 * Runs every read model's projections on the cluster: one sharded daemon process per read model
 * with one instance per tag, so each tag is read by exactly one instance somewhere in the
 * cluster, and instances move to the other nodes when their node leaves or dies.
 */
public final class ProjectionRunner {

  private ProjectionRunner() {}

  /** The id of the projection instance reading {@code tag} for {@code model}. */
  public static ProjectionId idOf(ReadModel model, String tag) {
    return ProjectionId.of(model.name(), tag);
  }

  public static void start(
      ActorSystem<?> system, List<ReadModel> models, ProjectionSettings settings) {
    for (ReadModel model : models) {
      List<String> tags = model.tags();
      ShardedDaemonProcess.get(system).init(
          ProjectionBehavior.Command.class,
          model.name(),
          tags.size(),
          i -> ProjectionBehavior.create(projection(system, model, tags.get(i), settings)),
          ShardedDaemonProcessSettings.create(system),
          Optional.of(ProjectionBehavior.stopMessage()));
    }
  }

  private static Projection<EventEnvelope<Object>> projection(
      ActorSystem<?> system, ReadModel model, String tag, ProjectionSettings settings) {
    SourceProvider<Offset, EventEnvelope<Object>> events =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.atLeastOnce(idOf(model, tag), events, model.handler())
        .withSaveOffset(settings.saveOffsetAfterEnvelopes(), settings.saveOffsetAfter())
        .withRestartBackoff(settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2);
  }
}
