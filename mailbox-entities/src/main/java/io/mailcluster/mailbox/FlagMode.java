package io.mailcluster.mailbox;

import java.util.SortedSet;
import java.util.TreeSet;

/** How {@link Folder.StoreFlags} combines the given flags with a message's flags (IMAP +FLAGS, -FLAGS, FLAGS). */
public enum FlagMode {
  ADD,
  REMOVE,
  REPLACE;

  /** The flags a message has after this change. */
  SortedSet<String> apply(SortedSet<String> current, SortedSet<String> given) {
    TreeSet<String> result = new TreeSet<>(this == REPLACE ? given : current);
    switch (this) {
      case ADD -> result.addAll(given);
      case REMOVE -> result.removeAll(given);
      case REPLACE -> { }
    }
    return Flags.frozen(result);
  }
}
