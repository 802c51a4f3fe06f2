package io.mailcluster.node;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's entry point. Configuration comes from application.conf and MAILCLUSTER_*
 * variables; SIGTERM runs Pekko's coordinated shutdown (unbind, hand shards off, leave).
 */
public final class MailClusterNode {

  /** All nodes of one cluster must use the same actor system name. */
  public static final String SYSTEM_NAME = "mailcluster";

  private MailClusterNode() {}

  public static void main(String[] args) {
    start(NodeConfig.load());
  }

  public static ActorSystem<Void> start(Config config) {
    return ActorSystem.create(NodeGuardian.create(), SYSTEM_NAME, config);
  }
}
