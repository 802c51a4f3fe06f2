package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.session.Resolution;
import java.util.concurrent.CompletionStage;

/**
 * Port: asks the shared control data what an RCPT address is. The node implements it by
 * asking the Domain and Account entities (through sharding, possibly with a short cache).
 *
 * <p>Must not block: the connection stage calls it on a stream thread. A failed stage (or an
 * exception) is answered to the client as {@link Resolution.Unavailable} (451 4.3.0).
 */
@FunctionalInterface
public interface RecipientResolver {

  CompletionStage<Resolution> resolve(String address);
}
