package io.mailcluster.control;

import com.typesafe.config.Config;
import java.time.Duration;

/** Settings of {@link ControlData}, read from {@code mail-cluster.control}. */
public record ControlSettings(Duration askTimeout) {

  public static ControlSettings fromConfig(Config config) {
    return new ControlSettings(config.getDuration("mail-cluster.control.ask-timeout"));
  }
}
