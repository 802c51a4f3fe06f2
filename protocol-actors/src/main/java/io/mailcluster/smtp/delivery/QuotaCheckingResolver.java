package io.mailcluster.smtp.delivery;

import io.mailcluster.quota.AccountUsage;
import io.mailcluster.quota.Quota;
import io.mailcluster.smtp.session.Resolution;
import io.mailcluster.smtp.transport.RecipientResolver;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's {@link RecipientResolver}: who the address is ({@link ControlDataRecipientResolver}),
 * then, for a local recipient, whether its mailbox has room ({@link QuotaRules#admitsRecipient},
 * usage from {@link AccountUsage}): 552 5.2.2 for a full one.
 *
 * <p>A recipient expanding to several mailboxes is refused only when none of them has room. A quota that cannot be computed is {@link Resolution.Unavailable}
 * (451 4.3.0): never a silent pass. Cost per accepted RCPT: one Account ask (unlimited account),
 * or that plus a folder-tree ask and one status ask per folder.
 */
public final class QuotaCheckingResolver implements RecipientResolver {

  private final Function<String, CompletionStage<Resolution>> directory;
  private final Function<String, CompletionStage<Quota>> quotaOf;

  public QuotaCheckingResolver(ActorSystem<?> system, AccountUsage usage) {
    this(new ControlDataRecipientResolver(system)::resolve, usage::of);
  }

  /**
   * @param directory what an address is (aliases expanded)
   * @param quotaOf a mailbox's quota and usage
   */
  public QuotaCheckingResolver(Function<String, CompletionStage<Resolution>> directory,
      Function<String, CompletionStage<Quota>> quotaOf) {
    this.directory = directory;
    this.quotaOf = quotaOf;
  }

  @Override
  public CompletionStage<Resolution> resolve(String address, OptionalLong declaredSize) {
    return directory.apply(address).thenCompose(resolution -> resolution instanceof Resolution.Local l
        ? withRoom(l, declaredSize)
        : CompletableFuture.completedStage(resolution));
  }

  private CompletionStage<Resolution> withRoom(Resolution.Local local, OptionalLong declaredSize) {
    List<CompletableFuture<Quota>> quotas = local.mailboxAddresses().stream()
        .map(mailbox -> quotaOf(mailbox).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(quotas.toArray(CompletableFuture[]::new))
        .handle((done, failure) -> {
          if (failure != null) {
            return new Resolution.Unavailable();
          }
          List<Quota> mailboxes = quotas.stream().map(CompletableFuture::join).toList();
          return QuotaRules.admitsRecipient(mailboxes, declaredSize)
              ? local : new Resolution.OverQuota();
        });
  }

  private CompletionStage<Quota> quotaOf(String mailbox) {
    try {
      return quotaOf.apply(mailbox);
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
  }
}
