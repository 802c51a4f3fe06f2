package io.mailcluster.node;

import io.mailcluster.control.ControlData;
import io.mailcluster.node.admin.AdminHttpServer;
import io.mailcluster.node.admin.AdminSettings;
import io.mailcluster.node.admin.BlobStoreHolder;
import io.mailcluster.node.admin.ReadSideHolder;
import io.mailcluster.storage.StorageSettings;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/** Starts the node's parts in order: management and bootstrap, schema, sharding, listeners. */
final class NodeGuardian {

  private NodeGuardian() {}

  static Behavior<Void> create() {
    return Behaviors.setup(
        context -> {
          ActorSystem<Void> system = context.getSystem();
          PekkoManagement.get(system)
              .start()
              .whenComplete(
                  (uri, failure) -> {
                    if (failure != null) {
                      // without management there is no health check and no bootstrap
                      system.log().error("management HTTP did not start; stopping the node", failure);
                      system.terminate();
                    }
                  });
          ClusterBootstrap.get(system).start();

          StorageSettings storage = StorageSettings.fromConfig(system.settings().config());
          if (storage.autoMigrate()) {
            SchemaStep.migrateInBackground(system, storage);
          }

          ControlData.initEntities(system);

          ControlData controlData = new ControlData(system);
          BlobStoreHolder blobStore = new BlobStoreHolder();
          ReadSideHolder readSide = new ReadSideHolder();
          AdminHttpServer.start(system, AdminSettings.fromConfig(system.settings().config()),
              controlData, blobStore, readSide);
          SmtpListener smtp = SmtpListener.start(system, controlData);
          Pop3Listener pop3 = Pop3Listener.start(system, controlData);
          ImapListener imap = ImapListener.start(system, controlData);
          StorageServices.startInBackground(system, ready -> {
            blobStore.set(ready.blobs());
            readSide.set(ready.readSide());
            ready.readSide().startProjections(system);
            smtp.ready(ready);
            pop3.ready(ready);
            imap.ready(ready);
          });
          return Behaviors.empty();
        });
  }
}
