package io.mailcluster.control;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;

/** Limits of an account's folder tree, read from {@code mail-cluster.accounts}. */
public record AccountSettings(int maxFolders, int maxFolderNameLength, int maxFolderDepth) {

  public static AccountSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.accounts");
    return new AccountSettings(
        c.getInt("max-folders"),
        c.getInt("max-folder-name-length"),
        c.getInt("max-folder-depth"));
  }

  public static AccountSettings of(ActorSystem<?> system) {
    return fromConfig(system.settings().config());
  }
}
