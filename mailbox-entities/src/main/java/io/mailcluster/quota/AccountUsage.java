package io.mailcluster.quota;

import io.mailcluster.control.AccountSummary;
import io.mailcluster.control.ControlData;
import io.mailcluster.control.FolderTree;
import io.mailcluster.control.Rejection;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.FolderStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place that computes an account's {@link Quota}, for SMTP and IMAP alike: the limit from
 * the Account entity, the usage as the sum of {@code totalSize} over the folders of its current
 * tree, each Folder entity asked for its status, all at once.
 *
 * <p>Read from the entities, not from a read model: exact (no projection lag), at the cost of one
 * status ask per folder (Dovecot's "count" quota backend works the same way). An unlimited
 * account costs only the Account ask: its folders are not asked.
 *
 * <p><b>A soft limit.</b> Nothing reserves the space between this check and the append: two
 * deliveries checked at the same time can both pass and together go over the limit (by at most
 * what was in flight). The next check then refuses.
 *
 * <p>A folder of the tree that does not exist as an entity (a create that stopped half-way, a
 * delete under way) holds no message and counts 0. Any other failure (a timeout, an entity that
 * cannot recover) fails the whole computation: callers answer "try later", never "passed".
 */
public final class AccountUsage {

  private final Function<String, CompletionStage<Long>> limitOf;
  private final Function<String, CompletionStage<FolderTree>> treeOf;
  private final Function<String, CompletionStage<FolderStatus>> statusOf;

  public AccountUsage(ControlData controlData, FolderService folders) {
    this(address -> controlData.getAccount(address).thenApply(AccountSummary::quotaBytes),
        controlData::folders, folders::status);
  }

  /**
   * @param limitOf the account's quota in bytes, 0 for unlimited
   * @param treeOf the account's folder tree
   * @param statusOf a folder's status (its {@code totalSize})
   */
  public AccountUsage(Function<String, CompletionStage<Long>> limitOf,
      Function<String, CompletionStage<FolderTree>> treeOf,
      Function<String, CompletionStage<FolderStatus>> statusOf) {
    this.limitOf = limitOf;
    this.treeOf = treeOf;
    this.statusOf = statusOf;
  }

  /** The account's limit and, when it has one, its current usage. */
  public CompletionStage<Quota> of(String address) {
    return call(() -> limitOf.apply(address)).thenCompose(limit -> limit == 0
        ? CompletableFuture.completedStage(Quota.unlimited())
        : used(address).thenApply(used -> new Quota(limit, used)));
  }

  private CompletionStage<Long> used(String address) {
    return call(() -> treeOf.apply(address)).thenCompose(tree -> {
      List<CompletableFuture<Long>> sizes = tree.folderIds().stream()
          .map(id -> sizeOf(id).toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(sizes.toArray(CompletableFuture[]::new))
          .thenApply(done -> sizes.stream().mapToLong(CompletableFuture::join).sum());
    });
  }

  private CompletionStage<Long> sizeOf(String folderId) {
    return call(() -> statusOf.apply(folderId)).handle((status, failure) -> {
      if (failure == null) {
        return status.totalSize();
      }
      if (Rejection.kindOf(failure) == Rejection.Kind.NOT_FOUND) {
        return 0L; // no entity, no messages
      }
      throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    });
  }

  /** A stage that fails instead of throwing, so every failure takes the same path. */
  private static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> ask) {
    try {
      return ask.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
  }
}
