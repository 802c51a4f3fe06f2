package io.mailcluster.node.admin;

import io.mailcluster.control.Account;
import io.mailcluster.control.AccountSettings;
import io.mailcluster.control.ControlData;
import io.mailcluster.control.FolderRef;
import io.mailcluster.control.FolderTree;
import io.mailcluster.control.MailAddress;
import io.mailcluster.control.Rejection;
import io.mailcluster.entity.EntitySettings;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.FolderSettings;
import io.mailcluster.node.admin.JournalReplay.Progress;
import io.mailcluster.node.admin.VerifyReport.FolderVerdict;
import io.mailcluster.node.admin.VerifyReport.TreeVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.Materializer;

/**
 * {@code audit --verify}: replays an account's journal and checks the live state against it. The
 * folder tree (the Account entity's events, its own event handler) against the tree the live
 * Account answers; then each folder the live tree names, one after another ({@link
 * FolderVerifier}), so only one folder's rebuilt state is in memory at a time.
 *
 * <p>The tree has no sequence number to pin: it is replayed first, then asked (the Account
 * stashes commands while it persists, so the answer is at least as new); if they differ the
 * newer events are replayed and the tree asked again, up to {@link #TREE_ATTEMPTS} times, so
 * only a difference that stays is reported.
 */
final class AccountVerifier {

  /** Rounds of replay-then-ask before a tree difference counts (folders created meanwhile). */
  static final int TREE_ATTEMPTS = 3;

  private final ControlData controlData;
  private final CassandraReadJournal journal;
  private final Materializer materializer;
  private final EntitySettings entitySettings;
  private final AccountSettings accountSettings;
  private final FolderVerifier folders;
  private final int maxDifferences;

  AccountVerifier(ActorSystem<?> system, ControlData controlData, int maxDifferences) {
    this.controlData = controlData;
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.materializer = Materializer.matFromSystem(system);
    this.entitySettings = EntitySettings.of(system);
    this.accountSettings = AccountSettings.of(system);
    this.maxDifferences = maxDifferences;
    this.folders = new FolderVerifier(journal, materializer, new FolderService(system),
        FolderSettings.fromConfig(system.settings().config()), maxDifferences);
  }

  /** INVALID for an address that does not parse, NOT_FOUND for an account that is not there. */
  CompletionStage<VerifyReport> verify(String address) {
    long start = System.nanoTime();
    String canonical;
    try {
      canonical = MailAddress.parse(address).address();
    } catch (Rejection e) {
      return CompletableFuture.failedStage(e);
    }
    JournalReplay<Account.State, Account.Event> replay = new JournalReplay<>(journal, materializer,
        PersistenceId.of(Account.ENTITY_TYPE_KEY.name(), canonical).id(),
        Account.eventHandlerFor(canonical, entitySettings, accountSettings), Account.Event.class);
    return tree(canonical, replay, JournalReplay.start(new Account.Absent()), 1)
        .thenCompose(checked -> eachFolder(checked.live())
            .thenApply(verdicts -> new VerifyReport(canonical,
                checked.verdict().consistent()
                    && verdicts.stream().allMatch(FolderVerdict::consistent),
                checked.verdict(), verdicts, (System.nanoTime() - start) / 1_000_000)));
  }

  private record CheckedTree(FolderTree live, TreeVerdict verdict) {}

  private CompletionStage<CheckedTree> tree(String address,
      JournalReplay<Account.State, Account.Event> replay, Progress<Account.State> from,
      int attempt) {
    return replay.advance(from, Long.MAX_VALUE).thenCompose(replayed -> {
      if (replayed.events() == 0) {
        throw Rejection.notFound("account " + address + " has no history");
      }
      return controlData.folders(address).thenCompose(live -> {
        Differences differences = new Differences(maxDifferences);
        compareTrees(live, replayedTree(replayed.state()), differences);
        if (!differences.isEmpty() && attempt < TREE_ATTEMPTS) {
          return tree(address, replay, replayed, attempt + 1);
        }
        return CompletableFuture.completedFuture(new CheckedTree(live, new TreeVerdict(
            live.folders().size(), replayed.events(), differences.isEmpty(), differences.count(),
            differences.kept())));
      });
    });
  }

  private static SortedMap<String, FolderRef> replayedTree(Account.State state) {
    if (state instanceof Account.Active active) {
      return active.folders();
    }
    if (state instanceof Account.Closing closing) {
      return closing.folders();
    }
    return new TreeMap<>();
  }

  /** Each name's folder id, special use and subscription, live vs replayed. */
  static void compareTrees(
      FolderTree live, SortedMap<String, FolderRef> replayed, Differences differences) {
    Map<String, FolderRef> liveByName = new TreeMap<>();
    live.folders().forEach(f -> liveByName.put(f.name(), f));
    TreeSet<String> names = new TreeSet<>(liveByName.keySet());
    names.addAll(replayed.keySet());
    for (String name : names) {
      differences.compare(null, "folder " + name, describe(liveByName.get(name)),
          describe(replayed.get(name)));
    }
  }

  private static String describe(FolderRef ref) {
    return ref == null ? Differences.ABSENT : "folderId=" + ref.folderId()
        + " specialUse=" + ref.specialUse() + " subscribed=" + ref.subscribed();
  }

  private CompletionStage<List<FolderVerdict>> eachFolder(FolderTree tree) {
    CompletionStage<List<FolderVerdict>> all = CompletableFuture.completedFuture(List.of());
    for (FolderRef ref : tree.folders()) {
      all = all.thenCompose(sofar -> folders.verify(ref).thenApply(verdict -> {
        List<FolderVerdict> more = new ArrayList<>(sofar);
        more.add(verdict);
        return more;
      }));
    }
    return all;
  }
}
