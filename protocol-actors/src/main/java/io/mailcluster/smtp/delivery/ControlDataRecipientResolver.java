package io.mailcluster.smtp.delivery;

import io.mailcluster.control.ControlSettings;
import io.mailcluster.control.Domain;
import io.mailcluster.control.DomainName;
import io.mailcluster.control.MailAddress;
import io.mailcluster.control.Rejection;
import io.mailcluster.smtp.session.Resolution;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Resolves RCPT addresses against the shared control data: the {@link Domain} entity of the
 * address's domain (reached through sharding, so any node answers for any domain) says whether
 * the local part is an account, an alias (already pointing at its account) or unknown.
 *
 * <ul>
 *   <li>ACCOUNT -> Local([account]); ALIAS -> Local([target account]);
 *   <li>UNKNOWN, or a local part we could never host (quoted string, non-ASCII) in one of our
 *       domains -> UnknownUser (550 5.1.1);
 *   <li>domain entity absent (NOT_FOUND), or a domain we could never host (address literal,
 *       malformed or non-ASCII name) -> NotOurDomain (550 5.7.1: never an open relay);
 *   <li>no answer in {@code mail-cluster.control.ask-timeout}, or any other failure ->
 *       Unavailable (451 4.3.0), so the client retries later instead of bouncing.
 * </ul>
 *
 * <p>The domain-less {@code <Postmaster>} of RFC 5321 section 4.5.1 has no mailbox yet and is
 * answered UnknownUser. Quota is not checked here: {@link QuotaCheckingResolver} does it on top.
 */
public final class ControlDataRecipientResolver {

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public ControlDataRecipientResolver(ActorSystem<?> system) {
    this(ClusterSharding.get(system),
        ControlSettings.fromConfig(system.settings().config()).askTimeout());
  }

  ControlDataRecipientResolver(ClusterSharding sharding, Duration askTimeout) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  /** What the address is; a failed ask is answered Unavailable rather than a failed stage. */
  public CompletionStage<Resolution> resolve(String address) {
    int at = address == null ? -1 : address.lastIndexOf('@');
    if (at < 0) {
      return answer(new Resolution.UnknownUser()); // Postmaster without a domain
    }
    DomainName domain;
    try {
      domain = DomainName.parse(address.substring(at + 1));
    } catch (Rejection notADomainName) {
      return answer(new Resolution.NotOurDomain());
    }
    MailAddress mailAddress;
    try {
      mailAddress = MailAddress.parse(address);
    } catch (Rejection badLocalPart) {
      // no account can have this local part; the domain decides between 5.1.1 and 5.7.1
      return ask(domain, "").thenApply(r -> r instanceof Resolution.Local
          ? new Resolution.UnknownUser() : r);
    }
    return ask(mailAddress.domain(), mailAddress.localPart());
  }

  private CompletionStage<Resolution> ask(DomainName domain, String localPart) {
    CompletionStage<io.mailcluster.control.Resolution> asked;
    try {
      asked = sharding.entityRefFor(Domain.ENTITY_TYPE_KEY, domain.name())
          .askWithStatus(r -> new Domain.Resolve(localPart, r), askTimeout);
    } catch (RuntimeException e) {
      asked = CompletableFuture.failedFuture(e);
    }
    return asked.handle(ControlDataRecipientResolver::answerOf);
  }

  /** The Domain's answer (or the ask's failure) as the session's Resolution. */
  static Resolution answerOf(io.mailcluster.control.Resolution resolution, Throwable failure) {
    if (failure != null) {
      return Rejection.kindOf(failure) == Rejection.Kind.NOT_FOUND
          ? new Resolution.NotOurDomain() // the Domain entity has no such domain
          : new Resolution.Unavailable();
    }
    if (resolution == null || resolution.address() == null) {
      return new Resolution.UnknownUser();
    }
    return switch (resolution.kind()) {
      case ACCOUNT, ALIAS -> new Resolution.Local(List.of(resolution.address()));
      case UNKNOWN -> new Resolution.UnknownUser();
    };
  }

  private static CompletionStage<Resolution> answer(Resolution resolution) {
    return CompletableFuture.completedStage(resolution);
  }
}
