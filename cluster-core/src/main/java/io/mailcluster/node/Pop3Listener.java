package io.mailcluster.node;

import io.mailcluster.control.ControlData;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.pop3.delivery.ClusterPop3Backend;
import io.mailcluster.pop3.session.Maildrop;
import io.mailcluster.pop3.transport.Pop3Backend;
import io.mailcluster.pop3.transport.Pop3Server;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The node's POP3 listener on {@code mail-cluster.pop3.host:port}. Bound at once (a node that
 * cannot bind it stops); until the {@link StorageServices} are ready a login is answered
 * -ERR [SYS/TEMP].
 */
final class Pop3Listener {

  private final ActorSystem<?> system;
  private final ControlData controlData;
  private final PendingBackend backend = new PendingBackend();

  private Pop3Listener(ActorSystem<?> system, ControlData controlData) {
    this.system = system;
    this.controlData = controlData;
  }

  static Pop3Listener start(ActorSystem<?> system, ControlData controlData) {
    var config = system.settings().config();
    String host = config.getString("mail-cluster.pop3.host");
    int port = config.getInt("mail-cluster.pop3.port");
    Pop3Listener listener = new Pop3Listener(system, controlData);
    String nodeName = Cluster.get(system).selfMember().address().hostPort();
    Pop3Server.start(system, host, port, nodeName, listener.backend)
        .whenComplete((server, failure) -> {
          if (failure != null) {
            system.log().error("POP3 cannot bind {}:{}; stopping the node", host, port, failure);
            system.terminate();
          }
        });
    return listener;
  }

  void ready(StorageServices.Ready storage) {
    Duration askTimeout = system.settings().config().getDuration("mail-cluster.pop3.ask-timeout");
    backend.ready = new ClusterPop3Backend(system, controlData, new FolderService(system),
        storage.locks(), storage.blobs(), askTimeout);
  }

  /** Delegates once storage is there; before that every login fails as unavailable. */
  private static final class PendingBackend implements Pop3Backend {

    volatile Pop3Backend ready;

    private Pop3Backend backend() {
      Pop3Backend b = ready;
      if (b == null) {
        throw new IllegalStateException("storage not ready");
      }
      return b;
    }

    @Override
    public CompletionStage<Optional<String>> authenticate(
        String user, String password, String clientAddress) {
      try {
        return backend().authenticate(user, password, clientAddress);
      } catch (IllegalStateException notReady) {
        return CompletableFuture.failedStage(notReady);
      }
    }

    @Override
    public CompletionStage<Optional<Maildrop>> open(String account, String sessionId) {
      return backend().open(account, sessionId);
    }

    @Override
    public CompletionStage<Void> commit(Maildrop maildrop, SortedSet<Long> uids, String sessionId) {
      return backend().commit(maildrop, uids, sessionId);
    }

    @Override
    public void release(String account, String sessionId) {
      backend().release(account, sessionId);
    }

    @Override
    public CompletionStage<Source<ByteString, NotUsed>> message(Maildrop maildrop, long uid) {
      return backend().message(maildrop, uid);
    }
  }
}
