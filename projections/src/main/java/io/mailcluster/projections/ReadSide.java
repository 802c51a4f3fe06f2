package io.mailcluster.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.mime.MetadataStore;
import io.mailcluster.projections.audit.AuditLog;
import io.mailcluster.projections.audit.AuditLogTable;
import io.mailcluster.projections.audit.DeliveryDetails;
import io.mailcluster.projections.directory.Directory;
import io.mailcluster.projections.directory.DirectoryTable;
import io.mailcluster.projections.usage.Usage;
import io.mailcluster.projections.usage.UsageTable;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;

/**
 * The node's read side: the read models' tables (to answer reads from), their projections, and
 * the operator's control over them. Built once Cassandra answers with the current schema.
 */
public record ReadSide(
    AuditLogTable auditLog, UsageTable usage, DirectoryTable directory,
    DeliveryDetails deliveryDetails, ProjectionControl control, List<ReadModel> models,
    ProjectionSettings settings) {

  public static CompletionStage<ReadSide> create(
      ActorSystem<?> system, CqlSession session, String keyspace, MetadataStore metadata) {
    ProjectionSettings settings = ProjectionSettings.fromConfig(system.settings().config());
    DeliveryDetails details = new DeliveryDetails(metadata::get);
    return AuditLogTable.create(session, keyspace)
        .thenCompose(auditLog -> UsageTable.create(session, keyspace)
            .thenCombine(DirectoryTable.create(session, keyspace,
                Materializer.matFromSystem(system)), (usage, directory) -> {
                  List<ReadModel> models = List.of(AuditLog.readModel(auditLog, details),
                      Usage.readModel(usage), Directory.readModel(directory));
                  return new ReadSide(auditLog, usage, directory, details,
                      new ProjectionControl(system, models, session, keyspace, settings),
                      models, settings);
                }));
  }

  /** Runs this node's share of the projections, unless the node is configured not to. */
  public void startProjections(ActorSystem<?> system) {
    if (settings.enabled()) {
      ProjectionRunner.start(system, models, settings);
    }
  }
}
