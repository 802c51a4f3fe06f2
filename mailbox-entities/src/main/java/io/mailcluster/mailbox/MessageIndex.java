package io.mailcluster.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import scala.collection.immutable.TreeMap;
import scala.collection.immutable.TreeMap$;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.Ordering;
import scala.math.Ordering$;

/**
 * A folder's messages by uid: an immutable value whose updates share structure (a persistent
 * red-black tree from the Scala library Pekko already brings), so appending to a folder of 100,000
 * messages costs O(log n) rather than a copy of the whole index. Serialized as the list of its
 * entries in uid order.
 */
public final class MessageIndex {

  private static final Ordering<Long> BY_UID =
      Ordering$.MODULE$.comparatorToOrdering(Comparator.<Long>naturalOrder());

  private static final MessageIndex EMPTY = new MessageIndex(TreeMap$.MODULE$.empty(BY_UID));

  private final TreeMap<Long, MessageEntry> byUid;

  private MessageIndex(TreeMap<Long, MessageEntry> byUid) {
    this.byUid = byUid;
  }

  public static MessageIndex empty() {
    return EMPTY;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static MessageIndex of(List<MessageEntry> entries) {
    TreeMap<Long, MessageEntry> map = EMPTY.byUid;
    for (MessageEntry entry : entries) {
      map = map.updated(entry.uid(), entry);
    }
    return new MessageIndex(map);
  }

  /** Every entry in uid order (a copy: O(n)). */
  @JsonValue
  public List<MessageEntry> toList() {
    List<MessageEntry> list = new ArrayList<>(byUid.size());
    iterator().forEachRemaining(list::add);
    return list;
  }

  public int size() {
    return byUid.size();
  }

  public Optional<MessageEntry> get(long uid) {
    scala.Option<MessageEntry> entry = byUid.get(uid);
    return entry.isDefined() ? Optional.of(entry.get()) : Optional.empty();
  }

  /** Entries in uid order. */
  public Iterator<MessageEntry> iterator() {
    return CollectionConverters.asJava(byUid.valuesIterator());
  }

  /** Entries with uid >= {@code uid}, in uid order. */
  public Iterator<MessageEntry> iteratorFrom(long uid) {
    return CollectionConverters.asJava(byUid.valuesIteratorFrom(uid));
  }

  /** The entries in {@code ranges}, in uid order, at most {@code max} of them. */
  public MessagePage page(List<UidRange> ranges, int max) {
    List<MessageEntry> entries = new ArrayList<>();
    for (UidRange range : UidRange.merged(ranges)) {
      Iterator<MessageEntry> it = iteratorFrom(range.first());
      while (it.hasNext()) {
        MessageEntry entry = it.next();
        if (entry.uid() > range.last()) {
          break;
        }
        if (entries.size() == max) {
          return new MessagePage(entries, OptionalLong.of(entry.uid()));
        }
        entries.add(entry);
      }
    }
    return new MessagePage(entries, OptionalLong.empty());
  }

  /** What an Expunge of {@code uids} removes (no uids: every {@code \Deleted} message). */
  List<Long> expungeable(SortedSet<Long> uids, boolean onlyDeleted) {
    List<Long> gone = new ArrayList<>();
    if (uids.isEmpty()) {
      iterator().forEachRemaining(e -> {
        if (e.isDeleted()) {
          gone.add(e.uid());
        }
      });
    } else {
      for (long uid : uids) {
        get(uid).filter(e -> !onlyDeleted || e.isDeleted()).ifPresent(e -> gone.add(uid));
      }
    }
    return gone;
  }

  /** The summed sizes of those of {@code uids} the index holds. */
  long sizeOf(List<Long> uids) {
    long total = 0;
    for (long uid : uids) {
      total += get(uid).map(MessageEntry::size).orElse(0L);
    }
    return total;
  }

  /**
   * The uids among {@code uids} whose flags {@code mode} with {@code flags} (canonical) would
   * change; those whose mod-sequence is above {@code unchangedSince} go to {@code failed} instead.
   */
  List<Long> flagChanges(SortedSet<Long> uids, FlagMode mode, SortedSet<String> flags,
      OptionalLong unchangedSince, Set<Long> failed) {
    List<Long> changed = new ArrayList<>();
    for (long uid : uids) {
      MessageEntry entry = get(uid).orElse(null);
      if (entry == null) {
        continue;
      }
      if (unchangedSince.isPresent() && entry.modSeq() > unchangedSince.getAsLong()) {
        failed.add(uid);
      } else if (!mode.apply(entry.flags(), flags).equals(entry.flags())) {
        changed.add(uid);
      }
    }
    return changed;
  }

  /** The flags and mod-sequences of the messages among {@code uids} that are not in {@code failed}. */
  List<MessageFlags> flagsOf(SortedSet<Long> uids, Set<Long> failed) {
    List<MessageFlags> flags = new ArrayList<>();
    for (long uid : uids) {
      if (!failed.contains(uid)) {
        get(uid).ifPresent(e -> flags.add(new MessageFlags(uid, e.flags(), e.modSeq())));
      }
    }
    return flags;
  }

  MessageIndex with(MessageEntry entry) {
    return new MessageIndex(byUid.updated(entry.uid(), entry));
  }

  MessageIndex without(long uid) {
    return new MessageIndex(byUid.removed(uid));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MessageIndex m && byUid.equals(m.byUid);
  }

  @Override
  public int hashCode() {
    return byUid.hashCode();
  }

  @Override
  public String toString() {
    return "MessageIndex[" + size() + " messages]";
  }
}
