package io.mailcluster.node;

import io.mailcluster.control.ControlData;
import io.mailcluster.mailbox.FolderAppender;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.quota.AccountUsage;
import io.mailcluster.smtp.delivery.MailboxMessageStore;
import io.mailcluster.smtp.delivery.QuotaCheckingResolver;
import io.mailcluster.smtp.session.SessionEffect;
import io.mailcluster.smtp.transport.MessageStore;
import io.mailcluster.smtp.transport.MessageUpload;
import io.mailcluster.smtp.transport.SmtpServer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's SMTP listener on {@code mail-cluster.smtp.host:port}: recipients resolved against
 * the control data (and refused for a full mailbox, see {@link AccountUsage}), mail streamed into the blob store (its MIME metadata computed on the way)
 * and appended to each recipient's INBOX.
 *
 * <p>The port is bound at once; a node that cannot bind it stops (like the admin API). Until
 * the {@link StorageServices} are ready every message is answered 451 4.3.0 (the client
 * retries; the node is not ready anyway, see /ready).
 */
final class SmtpListener {

  private final ActorSystem<?> system;
  private final ControlData controlData;
  private final FolderAppender appender;
  private final AccountUsage usage;
  private final PendingStore store = new PendingStore();

  private SmtpListener(ActorSystem<?> system, ControlData controlData) {
    this.system = system;
    this.controlData = controlData;
    this.appender = new FolderAppender(system);
    this.usage = new AccountUsage(controlData, new FolderService(system));
  }

  static SmtpListener start(ActorSystem<?> system, ControlData controlData) {
    var config = system.settings().config();
    String host = config.getString("mail-cluster.smtp.host");
    int port = config.getInt("mail-cluster.smtp.port");
    SmtpListener listener = new SmtpListener(system, controlData);
    SmtpServer.start(system, host, port,
            new QuotaCheckingResolver(system, listener.usage), listener.store)
        .whenComplete((server, failure) -> {
          if (failure != null) {
            system.log().error("SMTP cannot bind {}:{}; stopping the node", host, port, failure);
            system.terminate();
          }
        });
    return listener;
  }

  /** Storage is there: deliver from now on. */
  void ready(StorageServices.Ready storage) {
    store.ready = new MailboxMessageStore(system, storage.ingest(), controlData, appender, usage);
  }
  /** Delegates to the real store once it exists; before that a message fails (451). */
  private static final class PendingStore implements MessageStore {

    volatile MessageStore ready;

    @Override
    public MessageUpload begin(SessionEffect.Envelope envelope, String messageId) {
      MessageStore store = ready;
      if (store == null) {
        throw new IllegalStateException("blob store not ready");
      }
      return store.begin(envelope, messageId);
    }
  }
}
