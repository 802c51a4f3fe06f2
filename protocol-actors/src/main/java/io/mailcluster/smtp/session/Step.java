package io.mailcluster.smtp.session;

import io.mailcluster.smtp.codec.SmtpReply;
import java.util.List;

/** The outcome of one input: replies to write in order, then effects to perform in order. */
public record Step(List<SmtpReply> replies, List<SessionEffect> effects) {

  public Step {
    replies = List.copyOf(replies);
    effects = List.copyOf(effects);
  }

  public static final Step NOTHING = new Step(List.of(), List.of());

  /** True when the transport must close the connection after writing the replies. */
  public boolean closes() {
    return effects.stream().anyMatch(SessionEffect.Close.class::isInstance);
  }
}
