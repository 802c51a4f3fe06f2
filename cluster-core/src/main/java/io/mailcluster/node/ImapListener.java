package io.mailcluster.node;

import io.mailcluster.control.ControlData;
import io.mailcluster.imap.delivery.ClusterImapBackend;
import io.mailcluster.imap.transport.ImapServer;
import io.mailcluster.mailbox.FolderService;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The node's IMAP listener on {@code mail-cluster.imap.host:port}. Bound at once (a node that
 * cannot bind it stops); logins and folders work as soon as the journal does, message bodies
 * and APPEND once the {@link StorageServices} are ready (before that they answer
 * NO [UNAVAILABLE]).
 */
final class ImapListener {

  private final AtomicReference<ClusterImapBackend.Storage> storage = new AtomicReference<>();

  private ImapListener() {}

  static ImapListener start(ActorSystem<?> system, ControlData controlData) {
    var config = system.settings().config();
    String host = config.getString("mail-cluster.imap.host");
    int port = config.getInt("mail-cluster.imap.port");
    Duration askTimeout = config.getDuration("mail-cluster.imap.ask-timeout");
    ImapListener listener = new ImapListener();
    ClusterImapBackend backend = new ClusterImapBackend(system, controlData, new FolderService(system),
        listener.storage::get, askTimeout);
    String nodeName = Cluster.get(system).selfMember().address().hostPort();
    ImapServer.start(system, host, port, nodeName, backend)
        .whenComplete((server, failure) -> {
          if (failure != null) {
            system.log().error("IMAP cannot bind {}:{}; stopping the node", host, port, failure);
            system.terminate();
          }
        });
    return listener;
  }

  void ready(StorageServices.Ready ready) {
    storage.set(new ClusterImapBackend.Storage(ready.blobs(), ready.metadata(), ready.ingest()));
  }
}
