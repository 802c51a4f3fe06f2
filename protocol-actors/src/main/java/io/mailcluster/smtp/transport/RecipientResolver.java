package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.session.Resolution;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * Port: asks the shared control data what an RCPT address is, and whether its mailbox has room.
 * The node implements it by asking the Domain and Account entities (through sharding) and the
 * account's quota.
 *
 * <p>Must not block: the connection stage calls it on a stream thread. A failed stage (or an
 * exception) is answered to the client as {@link Resolution.Unavailable} (451 4.3.0).
 */
@FunctionalInterface
public interface RecipientResolver {

  /**
   * @param declaredSize MAIL FROM's SIZE=, if given: a mailbox whose quota it would exceed may
   *     be answered {@link Resolution.OverQuota} at once
   */
  CompletionStage<Resolution> resolve(String address, OptionalLong declaredSize);
}
