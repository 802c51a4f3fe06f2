package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.ImapCommand;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.UidRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * SEARCH and UID SEARCH (RFC 9051 section 6.4.4) with ESEARCH result options (RFC 4731) and
 * SAVE (RFC 5182). The folder's index is read {@code fetch-batch} entries at a time and each
 * message is matched by {@link SearchMatcher}; message metadata and bodies are read only for
 * keys that need them.
 */
final class SearchCommand {

  private final ImapSession session;
  private final SearchMatcher matcher;

  SearchCommand(ImapSession session, SearchMatcher matcher) {
    this.session = session;
    this.matcher = matcher;
  }

  CompletionStage<SessionReply> run(ImapCommand.Search s) {
    SelectedMailbox view = session.selected;
    long[] uids = view.map.toArray();
    List<Long> found = new ArrayList<>();
    Set<Long> saved = Set.copyOf(session.savedSearch);
    CompletionStage<Void> done = CompletableFuture.completedStage(null);
    int batch = session.settings.fetchBatch();
    for (int from = 0; from < uids.length; from += batch) {
      int start = from;
      int end = Math.min(uids.length, from + batch);
      done = done.thenCompose(x -> session.backend
          .entries(view.folderId, List.of(new UidRange(uids[start], uids[end - 1])))
          .thenCompose(entries -> matchAll(view, entries, s, uids.length, saved, found)));
    }
    return done.thenCompose(x -> answer(s, view, found));
  }

  /** Matches one batch, its messages concurrently (each may read metadata or its body). */
  private CompletionStage<Void> matchAll(SelectedMailbox view, List<MessageEntry> entries,
      ImapCommand.Search s, int messages, Set<Long> saved, List<Long> found) {
    List<CompletableFuture<Long>> matched = new ArrayList<>();
    for (MessageEntry entry : entries) {
      int seq = view.map.seq(entry.uid());
      if (seq == 0) {
        continue;
      }
      SearchMatcher.Candidate candidate = new SearchMatcher.Candidate(entry, seq, messages,
          view.map.maxUid(), !session.rev2 && view.recent.contains(entry.uid()), saved);
      matched.add(matcher.matches(s.key(), candidate)
          .thenApply(yes -> yes ? entry.uid() : null).toCompletableFuture());
    }
    return CompletableFuture.allOf(matched.toArray(CompletableFuture[]::new)).thenAccept(done -> {
      for (CompletableFuture<Long> m : matched) {
        Long uid = m.join();
        if (uid != null) {
          found.add(uid);
        }
      }
    });
  }

  private CompletionStage<SessionReply> answer(ImapCommand.Search s, SelectedMailbox view, List<Long> uids) {
    Responses out = new Responses();
    List<Long> numbers = new ArrayList<>();
    for (long uid : uids) {
      numbers.add(s.uid() ? uid : view.map.seq(uid));
    }
    boolean eSearch = s.returnOptions().isPresent() || session.rev2;
    List<String> options = s.returnOptions().orElse(List.of());
    if (options.contains("SAVE")) {
      session.savedSearch = List.copyOf(uids);
    }
    if (!eSearch) {
      out.add(new ImapResponse.Search(numbers, null));
    } else if (!options.contains("SAVE") || options.size() > 1) {
      boolean all = options.isEmpty() || options.contains("ALL");
      boolean empty = numbers.isEmpty();
      out.add(new ImapResponse.ESearch(s.tag(), s.uid(),
          options.contains("MIN") && !empty ? numbers.get(0) : null,
          options.contains("MAX") && !empty ? numbers.get(numbers.size() - 1) : null,
          all && !empty ? UidMap.compact(numbers) : null,
          options.contains("COUNT") ? (long) numbers.size() : null, null));
    }
    return session.withUpdates(s.uid(), out.ok(s.tag(), "SEARCH completed"));
  }
}
