package io.mailcluster.mailbox;

import java.util.function.Consumer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.pubsub.DistributedPubSub;
import org.apache.pekko.cluster.pubsub.DistributedPubSubMediator;

/**
 * Folder change notifications across the cluster (what IMAP IDLE and NOTIFY wait for): after each
 * persisted write a {@link Folder} publishes a {@link FolderChanged} on Pekko's (classic)
 * DistributedPubSub, topic {@code "folder-" + folderId}; any node subscribes to the folders it
 * watches.
 *
 * <p>Delivery is at most once and may be late by the pub-sub gossip: a subscription becomes known
 * to the other nodes within {@code pekko.cluster.pub-sub.gossip-interval} (1s by default), so a
 * session should re-read the folder's state once after subscribing. A notification lost in a
 * network failure is not resent: sessions that must not miss changes also poll now and then.
 *
 * <p>Subscribers need no cleanup when they stop: the mediator's topic actor watches each
 * subscriber and drops it when it terminates (Pekko's {@code TopicLike}: watch on Subscribe,
 * removal on Terminated). Unsubscribe when a live actor stops caring (IDLE done, folder closed).
 *
 * <p>On an actor system that is not a cluster node (unit tests of the entity) folders publish
 * nothing. The mediator starts on first use; a node should list DistributedPubSub in {@code
 * pekko.extensions} so that it starts with the node (see reference.conf).
 */
public final class FolderNotifications {

  private FolderNotifications() {}

  /** The pub-sub topic of a folder's notifications. */
  public static String topic(String folderId) {
    return "folder-" + folderId;
  }

  /** Delivers the folder's {@link FolderChanged} notifications to {@code subscriber}. */
  public static void subscribe(
      ActorSystem<?> system, String folderId, ActorRef<FolderChanged> subscriber) {
    mediator(system).tell(
        new DistributedPubSubMediator.Subscribe(topic(folderId), Adapter.toClassic(subscriber)),
        org.apache.pekko.actor.ActorRef.noSender());
  }

  /** Stops delivering the folder's notifications to {@code subscriber}. */
  public static void unsubscribe(
      ActorSystem<?> system, String folderId, ActorRef<FolderChanged> subscriber) {
    mediator(system).tell(
        new DistributedPubSubMediator.Unsubscribe(topic(folderId), Adapter.toClassic(subscriber)),
        org.apache.pekko.actor.ActorRef.noSender());
  }

  /** How a folder publishes: through the mediator on a cluster node, else nowhere. */
  static Consumer<FolderChanged> publisher(ActorSystem<?> system) {
    if (!isClusterNode(system)) {
      return changed -> {};
    }
    org.apache.pekko.actor.ActorRef mediator = mediator(system);
    return changed -> mediator.tell(
        new DistributedPubSubMediator.Publish(topic(changed.folderId()), changed),
        org.apache.pekko.actor.ActorRef.noSender());
  }

  private static org.apache.pekko.actor.ActorRef mediator(ActorSystem<?> system) {
    return DistributedPubSub.get(Adapter.toClassic(system)).mediator();
  }

  private static boolean isClusterNode(ActorSystem<?> system) {
    return Adapter.toClassic(system) instanceof ExtendedActorSystem extended
        && extended.provider() instanceof ClusterActorRefProvider;
  }
}
