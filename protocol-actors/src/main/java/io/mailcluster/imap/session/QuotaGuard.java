package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.quota.Quota;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether what APPEND or COPY adds fits in the logged-in account's quota ({@link
 * ImapBackend#quota}: the usage summed over its folders). Refused with NO [OVERQUOTA] (RFC 9051
 * section 7.1); a quota that cannot be computed fails the stage (NO [UNAVAILABLE]), never a pass.
 * A soft limit: two sessions checked at the same time can both pass.
 */
final class QuotaGuard {

  private QuotaGuard() {}

  /** Whether {@code octets} more fit. */
  static CompletionStage<Boolean> admits(ImapSession session, long octets) {
    return session.backend.quota(session.account).thenApply(q -> q.admits(octets));
  }

  /**
   * Whether copies of {@code uids} of {@code folderId} fit. Their sizes are asked only when the
   * account has a limit.
   */
  static CompletionStage<Boolean> admitsCopy(ImapSession session, String folderId, List<Long> uids) {
    return session.backend.quota(session.account).thenCompose(q -> q.isUnlimited()
        ? CompletableFuture.completedStage(true)
        : session.backend.entries(folderId, uids.stream().map(UidRange::of).toList())
            .thenApply(entries -> fits(q, entries)));
  }

  private static boolean fits(Quota quota, List<MessageEntry> entries) {
    return quota.admits(entries.stream().mapToLong(MessageEntry::size).sum());
  }

  static ImapResponse.Tagged overQuota(String tag, String command) {
    return new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, ResponseCode.OVERQUOTA,
        command + " would exceed the account's quota");
  }
}
