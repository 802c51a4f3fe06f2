package io.mailcluster.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.mailcluster.control.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.apache.pekko.stream.Materializer;

/**
 * What operators do with the projections while the cluster serves: see how far behind each
 * instance is, and rebuild a read model from the journal.
 */
public final class ProjectionControl {

  private final List<ReadModel> models;
  private final CqlSession session;
  private final String keyspace;
  private final ProjectionSettings settings;
  private final ProjectionManagement management;
  private final CassandraReadJournal journal;
  private final Materializer materializer;

  public ProjectionControl(ActorSystem<?> system, List<ReadModel> models, CqlSession session,
      String keyspace, ProjectionSettings settings) {
    this.models = List.copyOf(models);
    this.session = session;
    this.keyspace = keyspace;
    this.settings = settings;
    this.management = ProjectionManagement.get(system);
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.materializer = Materializer.matFromSystem(system);
  }

  /** Every instance of every read model, in order. */
  public CompletionStage<List<ProjectionStatus>> status() {
    List<CompletableFuture<ProjectionStatus>> all = new ArrayList<>();
    for (ReadModel model : models) {
      for (String tag : model.tags()) {
        all.add(status(model, tag).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
  }

  private CompletionStage<ProjectionStatus> status(ReadModel model, String tag) {
    ProjectionId id = ProjectionRunner.idOf(model, tag);
    int limit = settings.statusCountLimit();
    return management.<Offset>getOffset(id).thenCompose(offset -> management.isPaused(id)
        .thenCompose(paused -> journal.currentEventsByTag(tag, offset.orElse(NoOffset.getInstance()))
            .take(limit + 1L)
            .runFold(0L, (count, envelope) -> count + 1, materializer)
            .thenApply(behind -> new ProjectionStatus(model.name(), tag, paused,
                offset.map(ProjectionControl::timeOf).orElse(null), Math.min(behind, limit),
                behind > limit))));
  }

  /**
   * Drops the read model and has its projections write it again from the first event: pauses
   * every instance (each stops where it is, wherever in the cluster it runs), forgets their
   * offsets, empties the tables, resumes them. Completes when the rebuild has started (follow it
   * with {@link #status}); reads of the model are incomplete until it has caught up. NOT_FOUND for
   * an unknown name.
   */
  public CompletionStage<Done> rebuild(String name) {
    Optional<ReadModel> found = models.stream().filter(m -> m.name().equals(name)).findFirst();
    if (found.isEmpty()) {
      return CompletableFuture.failedStage(Rejection.notFound("no projection " + name
          + " (there are: " + String.join(", ", names()) + ")"));
    }
    ReadModel model = found.get();
    List<ProjectionId> ids = model.tags().stream().map(t -> ProjectionRunner.idOf(model, t)).toList();
    return each(ids, management::pause)
        .thenCompose(done -> each(ids, management::clearOffset))
        .thenCompose(done -> each(model.tables(), this::truncate))
        .thenCompose(done -> each(ids, management::resume));
  }

  public List<String> names() {
    return models.stream().map(ReadModel::name).toList();
  }

  private CompletionStage<Done> truncate(String table) {
    return session.executeAsync(SimpleStatement.newInstance("TRUNCATE " + keyspace + "." + table)
            .setTimeout(settings.rebuildStepTimeout()))
        .thenApply(rs -> Done.getInstance());
  }

  /** One step after the other, so a failure stops the rebuild where it is (and says so). */
  private static <T> CompletionStage<Done> each(List<T> items, Function<T, CompletionStage<Done>> step) {
    CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
    for (T item : items) {
      chain = chain.thenCompose(done -> step.apply(item));
    }
    return chain;
  }

  private static Instant timeOf(Offset offset) {
    if (offset instanceof TimeBasedUUID uuid) {
      return Instant.ofEpochMilli(Uuids.unixTimestamp(uuid.value()));
    }
    return null;
  }
}
