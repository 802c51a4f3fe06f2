package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.SearchKey;
import io.mailcluster.mailbox.MessageEntry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Matches one message against a SEARCH key. Provisional: index keys only. */
final class SearchMatcher {

  /** A message as SEARCH sees it; {@code messages} and {@code maxUid} stand for "*". */
  record Candidate(MessageEntry entry, int seq, int messages, long maxUid, boolean recent,
      List<Long> saved) {}

  private final ImapBackend backend;

  SearchMatcher(ImapBackend backend) {
    this.backend = backend;
  }

  CompletionStage<Boolean> matches(SearchKey key, Candidate c) {
    return CompletableFuture.completedStage(index(key, c));
  }

  private static boolean index(SearchKey key, Candidate c) {
    if (key instanceof SearchKey.All) {
      return true;
    } else if (key instanceof SearchKey.And a) {
      return a.keys().stream().allMatch(k -> index(k, c));
    } else if (key instanceof SearchKey.Or o) {
      return index(o.left(), c) || index(o.right(), c);
    } else if (key instanceof SearchKey.Not n) {
      return !index(n.key(), c);
    } else if (key instanceof SearchKey.Uid u) {
      return u.set().saved() ? c.saved().contains(c.entry().uid()) : u.set().contains(c.entry().uid(), c.maxUid());
    } else if (key instanceof SearchKey.Sequence s) {
      return s.set().saved() ? c.saved().contains(c.entry().uid()) : s.set().contains(c.seq(), c.messages());
    } else if (key instanceof SearchKey.Flag f) {
      boolean has = f.flag().equalsIgnoreCase(FlagNames.RECENT) ? c.recent()
          : c.entry().flags().stream().anyMatch(x -> x.equalsIgnoreCase(f.flag()));
      return has == f.set();
    } else if (key instanceof SearchKey.Size s) {
      return s.larger() ? c.entry().size() > s.size() : c.entry().size() < s.size();
    } else if (key instanceof SearchKey.ModSeq m) {
      return c.entry().modSeq() >= m.modSeq();
    }
    throw new UnsupportedOperationException("search key not supported yet: " + key);
  }
}
