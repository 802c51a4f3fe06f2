package io.mailcluster.smtp.transport;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Handle on one running SMTP connection (the materialized value of its stage). */
public interface SmtpConnection {

  /**
   * The node is leaving: the session answers what it is doing, says 421 4.3.2 and closes.
   * Safe to call from any thread, any number of times.
   */
  void shutDown();

  /** Completes when the connection's stage has stopped (socket closed, upload settled). */
  CompletionStage<Done> terminated();
}
