package io.mailcluster.node.admin;

import io.mailcluster.control.Account;
import io.mailcluster.control.MailAddress;
import io.mailcluster.control.Rejection;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.projections.audit.AuditFilter;
import io.mailcluster.projections.audit.DeliveryDetails;
import io.mailcluster.projections.audit.AuditRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;

/**
 * An account's history read straight from the journal (no read model): the Account entity's
 * events, and the events of every Folder entity its FolderAdded events ever named (deleted and
 * renamed-away folders included), merged by the envelopes' timestamps ({@link AuditRecord#ORDER}).
 *
 * <p>Two passes over the account's journal: the first only collects its folder ids and names
 * (memory: one entry per folder the account ever had), the second streams its events into the
 * merge. Folder events are streamed, never collected: memory is a page of the read journal per
 * folder. Every folder's query is open at once, so an account that had thousands of folders opens
 * thousands of queries.
 */
final class AccountHistory {

  /** Deliveries whose Message-ID and sender are looked up at once (one metadata read each). */
  private static final int DETAIL_LOOKUPS = 4;

  private final CassandraReadJournal journal;
  private final Materializer materializer;
  private final ReadSideHolder readSide;

  AccountHistory(ActorSystem<?> system, ReadSideHolder readSide) {
    this.readSide = readSide;
    this.journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.materializer = Materializer.matFromSystem(system);
  }

  /**
   * The account's history, filtered; NOT_FOUND if its journal is empty (an account that was
   * removed still has a history), INVALID for an address that does not parse.
   */
  CompletionStage<Source<AuditRecord, NotUsed>> history(String address, AuditFilter filter) {
    String canonical;
    try {
      canonical = MailAddress.parse(address).address();
    } catch (Rejection e) {
      return CompletableFuture.failedStage(e);
    }
    String accountId = PersistenceId.of(Account.ENTITY_TYPE_KEY.name(), canonical).id();
    DeliveryDetails details;
    try {
      details = readSide.get().deliveryDetails();
    } catch (NotReady e) {
      return CompletableFuture.failedStage(e);
    }
    return events(accountId)
        .runFold(FolderIndex.EMPTY, (index, envelope) -> index.with(envelope.event()), materializer)
        .thenApply(index -> {
          if (index.events() == 0) {
            throw Rejection.notFound("account " + canonical + " has no history");
          }
          return timeline(accountId, index, filter, details);
        });
  }

  private Source<AuditRecord, NotUsed> timeline(
      String accountId, FolderIndex index, AuditFilter filter, DeliveryDetails details) {
    Set<String> folderIds = index.idsNamed(filter.folder());
    List<Source<AuditRecord, NotUsed>> sources = new ArrayList<>();
    sources.add(events(accountId)
        .map(e -> AuditRecord.of(e.timestamp(), AuditRecord.ACCOUNT, null, e.sequenceNr(), e.event()))
        .filter(r -> filter.folder() == null || folderIds.contains(r.field("folderId"))));
    for (String folderId : folderIds) {
      sources.add(folderEvents(folderId, index.names().get(folderId).get(0), details));
    }
    return AuditRecord.merged(sources.stream().map(s -> s.filter(r -> filter.admits(r.timestamp())))
        .toList());
  }

  /**
   * The folder's events, each under the name the folder had when it was written, deliveries with
   * their Message-ID and sender.
   */
  private Source<AuditRecord, NotUsed> folderEvents(
      String folderId, String firstName, DeliveryDetails details) {
    return events(PersistenceId.of(Folder.ENTITY_TYPE_KEY.name(), folderId).id())
        .statefulMap(
            () -> firstName,
            (name, e) -> {
              String now = nameAfter(name, e.event());
              return Pair.create(now, Pair.create(
                  AuditRecord.of(e.timestamp(), now, folderId, e.sequenceNr(), e.event()),
                  e.event()));
            },
            name -> Optional.empty())
        .mapAsync(DETAIL_LOOKUPS, pair -> details.added(pair.first(), pair.second()));
  }

  private static String nameAfter(String name, Object event) {
    if (event instanceof Folder.FolderCreated created) {
      return created.name();
    }
    if (event instanceof Folder.FolderRenamed renamed) {
      return renamed.name();
    }
    return name;
  }

  private Source<EventEnvelope, NotUsed> events(String persistenceId) {
    return journal.currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE);
  }

  /**
   * What the first pass keeps: how many events the account has, and each folder id it ever named
   * (in order of first mention) with the names it had.
   */
  record FolderIndex(long events, Map<String, List<String>> names) {

    static final FolderIndex EMPTY = new FolderIndex(0, Map.of());

    FolderIndex with(Object event) {
      if (event instanceof Account.FolderAdded added) {
        return named(added.folderId(), added.name());
      }
      if (event instanceof Account.FolderRemoved removed) {
        return named(removed.folderId(), removed.name());
      }
      return new FolderIndex(events + 1, names);
    }

    private FolderIndex named(String folderId, String name) {
      Map<String, List<String>> copy = new LinkedHashMap<>(names);
      List<String> known = new ArrayList<>(copy.getOrDefault(folderId, List.of()));
      if (!known.contains(name)) {
        known.add(name);
      }
      copy.put(folderId, List.copyOf(known));
      return new FolderIndex(events + 1, Collections.unmodifiableMap(copy));
    }

    /** Every folder id, or (with a name) those that ever bore it. */
    Set<String> idsNamed(String folder) {
      Set<String> ids = new LinkedHashSet<>();
      names.forEach((id, known) -> {
        if (folder == null || known.contains(folder)) {
          ids.add(id);
        }
      });
      return ids;
    }
  }
}
