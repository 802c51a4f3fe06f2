package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.SearchKey;
import io.mailcluster.imap.content.MessageIndex;
import io.mailcluster.imap.content.MessageSearch;
import io.mailcluster.imap.content.SearchContext;
import io.mailcluster.imap.content.SearchEvaluator;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mime.MessageMetadata;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Matches one message against a SEARCH key, reading its metadata only for keys on headers or
 * the Date field and its body only for BODY and TEXT. Internal dates are compared in UTC, the
 * zone FETCH INTERNALDATE shows them in.
 */
final class SearchMatcher {

  /** A message as SEARCH sees it; {@code messages} and {@code maxUid} stand for "*". */
  record Candidate(MessageEntry entry, int seq, int messages, long maxUid, boolean recent,
      Set<Long> saved) {}

  private final ImapBackend backend;
  private final MessageSearch search;

  SearchMatcher(ImapBackend backend, MessageSearch search) {
    this.backend = backend;
    this.search = search;
  }

  CompletionStage<Boolean> matches(SearchKey key, Candidate c) {
    MessageEntry e = c.entry();
    MessageIndex index = new MessageIndex(c.seq(), e.uid(), e.flags(), e.size(), e.internalDate(),
        e.modSeq(), c.recent());
    SearchContext context = new SearchContext(c.messages(), c.maxUid(), ZoneOffset.UTC, c.saved()::contains);
    if (!needsMetadata(key)) {
      return CompletableFuture.completedStage(SearchEvaluator.matches(key, index, null, context, null));
    }
    return backend.metadata(e.blobId()).thenCompose((MessageMetadata meta) -> search.matches(
        key, index, meta, context, (offset, length) -> backend.content(e.blobId(), offset, length)));
  }

  /** Header, text and sent-date keys read the message's metadata; the rest need the index only. */
  static boolean needsMetadata(SearchKey key) {
    if (key instanceof SearchKey.And and) {
      return and.keys().stream().anyMatch(SearchMatcher::needsMetadata);
    } else if (key instanceof SearchKey.Or or) {
      return needsMetadata(or.left()) || needsMetadata(or.right());
    } else if (key instanceof SearchKey.Not not) {
      return needsMetadata(not.key());
    }
    return key instanceof SearchKey.Header || key instanceof SearchKey.Body || key instanceof SearchKey.Text
        || key instanceof SearchKey.Date d && d.field() == SearchKey.DateField.SENT;
  }
}
