package io.mailcluster.node.admin;

import io.mailcluster.control.FolderRef;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderDescription;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.FolderSettings;
import io.mailcluster.node.admin.JournalReplay.Progress;
import io.mailcluster.node.admin.VerifyReport.FolderVerdict;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.Materializer;

/**
 * Checks that a live Folder entity's state equals the state its journal's events give when
 * applied from sequence number 1 with the entity's own event handler.
 *
 * <p>Order matters: the journal is read first, then the live folder is asked. The entity stashes
 * commands while it persists, so the live answer is at least at the journal's last sequence
 * number; where it is further (the folder changed meanwhile), the replay applies the newer events
 * too, so both sides are compared at the same sequence number. The live state comes a page at a
 * time ({@link Folder.Describe}); each page is compared at its own sequence number, the replay
 * moving forward with the folder. A live folder behind its journal has not applied events that
 * are there: that is a difference, as is a gap in the journal.
 */
final class FolderVerifier {

  private final CassandraReadJournal journal;
  private final Materializer materializer;
  private final FolderService folders;
  private final FolderSettings settings;
  private final int maxDifferences;

  FolderVerifier(CassandraReadJournal journal, Materializer materializer, FolderService folders,
      FolderSettings settings, int maxDifferences) {
    this.journal = journal;
    this.materializer = materializer;
    this.folders = folders;
    this.settings = settings;
    this.maxDifferences = maxDifferences;
  }

  CompletionStage<FolderVerdict> verify(FolderRef ref) {
    JournalReplay<Folder.State, Folder.Event> replay = new JournalReplay<>(journal, materializer,
        PersistenceId.of(Folder.ENTITY_TYPE_KEY.name(), ref.folderId()).id(),
        Folder.eventHandlerFor(ref.folderId(), settings), Folder.Event.class);
    Run run = new Run(ref, replay, new Differences(maxDifferences));
    return replay.advance(JournalReplay.start(new Folder.Absent()), Long.MAX_VALUE)
        .thenCompose(journalEnd -> run.pages(journalEnd, 1))
        .thenApply(run::verdict)
        .exceptionally(failure -> run.unreplayable(unwrap(failure)));
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }

  /** One folder's verification: what its first page said, and the differences so far. */
  private final class Run {
    private final FolderRef ref;
    private final JournalReplay<Folder.State, Folder.Event> replay;
    private final Differences differences;
    private long messages;
    private long liveSequenceNr;

    Run(FolderRef ref, JournalReplay<Folder.State, Folder.Event> replay, Differences differences) {
      this.ref = ref;
      this.replay = replay;
      this.differences = differences;
    }

    /** Compares the live pages from {@code fromUid} on; answers the replay's final progress. */
    CompletionStage<Progress<Folder.State>> pages(Progress<Folder.State> replayed, long fromUid) {
      return folders.describe(ref.folderId(), fromUid).thenCompose(page ->
          replay.advance(replayed, page.sequenceNr()).thenCompose(atPage -> {
            compare(page, fromUid, atPage);
            return page.nextUid().isPresent()
                ? pages(atPage, page.nextUid().getAsLong())
                : CompletableFuture.completedFuture(atPage);
          }));
    }

    private void compare(FolderDescription page, long fromUid, Progress<Folder.State> replayed) {
      if (page.header() != null) {
        messages = page.header().messages();
        liveSequenceNr = page.sequenceNr();
      }
      if (replayed.gapAfter() >= 0) {
        differences.addOnce("journal", "-",
            "events missing after sequence number " + replayed.gapAfter());
      }
      if (page.sequenceNr() > replayed.sequenceNr()) {
        differences.addOnce("sequenceNr", String.valueOf(page.sequenceNr()),
            replayed.sequenceNr() + " (the journal ends here)");
      } else if (page.sequenceNr() < replayed.sequenceNr()) {
        differences.addOnce("sequenceNr", String.valueOf(page.sequenceNr()),
            replayed.sequenceNr() + " (the journal has events the live folder has not applied)");
      }
      FolderComparison.page(page, fromUid, replayed.state(), differences);
    }

    FolderVerdict verdict(Progress<Folder.State> replayed) {
      return new FolderVerdict(ref.name(), ref.folderId(), messages, liveSequenceNr,
          replayed.events(), differences.isEmpty(), differences.count(), differences.kept());
    }

    /** A journal the entity's own rules refuse is a finding, not an error of the request. */
    FolderVerdict unreplayable(Throwable failure) {
      if (!(failure instanceof JournalReplay.Unreplayable refused)) {
        throw failure instanceof RuntimeException r ? r : new CompletionException(failure);
      }
      differences.add(null, "journal", "-", refused.getMessage());
      return new FolderVerdict(ref.name(), ref.folderId(), messages, liveSequenceNr,
          refused.sequenceNr - 1, false, differences.count(), differences.kept());
    }
  }
}
