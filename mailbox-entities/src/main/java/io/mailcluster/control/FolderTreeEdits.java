package io.mailcluster.control;

import io.mailcluster.control.Account.Event;
import io.mailcluster.control.Account.FolderAdded;
import io.mailcluster.control.Account.FolderRemoved;
import io.mailcluster.control.Account.FolderSubscriptionChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * The events that create, delete, rename and (un)subscribe folders of an account's tree, or the
 * Rejection that refuses the change. Pure: the Account applies the events; {@link ControlData}
 * uses {@link #deletable} to check a delete before it deletes the Folder entity.
 */
final class FolderTreeEdits {

  private static final Set<String> SPECIAL_USES = Set.of(
      FolderRef.SENT, FolderRef.DRAFTS, FolderRef.TRASH, FolderRef.JUNK, FolderRef.ARCHIVE);

  private FolderTreeEdits() {}

  /** Adds {@code name} and its missing parents (unsubscribed, each with a fresh folder id). */
  static List<Event> create(SortedMap<String, FolderRef> folders, String name, String specialUse,
      AccountSettings limits) {
    String canonical = FolderNames.valid(name, limits);
    if (specialUse != null && !SPECIAL_USES.contains(specialUse)) {
      throw Rejection.invalid("unknown special use " + specialUse);
    }
    if (folders.containsKey(canonical)) {
      throw exists(canonical);
    }
    List<Event> events = new ArrayList<>(missingParents(folders, canonical));
    events.add(new FolderAdded(canonical, newId(), specialUse, false));
    checkCount(folders.size() + events.size(), limits);
    return events;
  }

  /** The folder that deleting {@code name} removes, or the Rejection that refuses it. */
  static FolderRef deletable(SortedMap<String, FolderRef> folders, String name) {
    String canonical = FolderNames.canonical(name);
    FolderRef ref = existing(folders, canonical);
    if (canonical.equals(FolderRef.INBOX)) {
      throw Rejection.invalid("INBOX cannot be deleted");
    }
    if (folders.keySet().stream().anyMatch(n -> FolderNames.isUnder(n, canonical))) {
      throw Rejection.conflict("folder " + canonical + " has children, delete them first");
    }
    return ref;
  }

  /**
   * Removes {@code name} from the tree. {@code folderId}, if not null, is the folder the caller
   * means: if the name now stands for another one, NOT_FOUND.
   */
  static List<Event> delete(SortedMap<String, FolderRef> folders, String name, String folderId) {
    FolderRef ref = deletable(folders, name);
    if (folderId != null && !folderId.equals(ref.folderId())) {
      throw notFound(ref.name());
    }
    return List.of(new FolderRemoved(ref.name(), ref.folderId()));
  }

  /**
   * Moves {@code from} and the folders under it to {@code to}, keeping their ids, special uses and
   * subscriptions, and adds the missing parents of {@code to}. INBOX (RFC 9051 6.3.6): its folder
   * (and so its messages) moves to {@code to}, a new empty INBOX takes its place, and the folders
   * under INBOX stay where they are.
   */
  static List<Event> rename(
      SortedMap<String, FolderRef> folders, String from, String to, AccountSettings limits) {
    String source = FolderNames.canonical(from);
    String target = FolderNames.valid(to, limits);
    FolderRef moving = existing(folders, source);
    if (folders.containsKey(target)) {
      throw exists(target);
    }
    boolean inbox = source.equals(FolderRef.INBOX);
    if (!inbox && FolderNames.isUnder(target, source)) {
      throw Rejection.invalid("cannot rename folder " + source + " into itself: " + target);
    }
    List<FolderRef> moved = new ArrayList<>();
    moved.add(moving);
    if (!inbox) {
      folders.values().stream().filter(f -> FolderNames.isUnder(f.name(), source))
          .forEach(moved::add);
    }
    List<Event> events = new ArrayList<>();
    for (FolderRef f : moved) {
      String newName = FolderNames.valid(target + f.name().substring(source.length()), limits);
      events.add(new FolderRemoved(f.name(), f.folderId()));
      events.add(new FolderAdded(newName, f.folderId(), f.specialUse(), f.subscribed()));
    }
    List<FolderAdded> parents = missingParents(folders, target);
    events.addAll(parents);
    if (inbox) {
      events.add(new FolderAdded(FolderRef.INBOX, newId(), null, moving.subscribed()));
    }
    checkCount(folders.size() + parents.size() + (inbox ? 1 : 0), limits);
    return events;
  }

  static List<Event> subscribe(
      SortedMap<String, FolderRef> folders, String name, boolean subscribed) {
    FolderRef ref = existing(folders, FolderNames.canonical(name));
    return ref.subscribed() == subscribed
        ? List.of()
        : List.of(new FolderSubscriptionChanged(ref.name(), subscribed));
  }

  private static List<FolderAdded> missingParents(
      SortedMap<String, FolderRef> folders, String name) {
    List<String> lineage = FolderNames.lineage(name);
    return lineage.subList(0, lineage.size() - 1).stream()
        .filter(parent -> !folders.containsKey(parent))
        .map(parent -> new FolderAdded(parent, newId(), null, false))
        .toList();
  }

  private static FolderRef existing(SortedMap<String, FolderRef> folders, String name) {
    FolderRef ref = name == null ? null : folders.get(name);
    if (ref == null) {
      throw notFound(name);
    }
    return ref;
  }

  private static void checkCount(int count, AccountSettings limits) {
    if (count > limits.maxFolders()) {
      throw Rejection.invalid("an account has at most " + limits.maxFolders() + " folders");
    }
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  private static Rejection exists(String name) {
    return Rejection.conflict("folder " + name + " already exists");
  }

  private static Rejection notFound(String name) {
    return Rejection.notFound("folder " + name + " does not exist");
  }
}
