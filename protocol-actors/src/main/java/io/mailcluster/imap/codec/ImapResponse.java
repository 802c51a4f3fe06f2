package io.mailcluster.imap.codec;

import java.util.List;
import java.util.Map;

/**
 * Every response the server sends (RFC 9051 section 7), as values. Constructors refuse what
 * would break the wire format (CR or LF in text, a bad tag), so the encoder cannot.
 */
public sealed interface ImapResponse {

  /** Status conditions: tagged ones take OK, NO or BAD only. */
  enum Condition { OK, NO, BAD, BYE, PREAUTH }

  /** The completion of a command. */
  record Tagged(String tag, Condition condition, ResponseCode code, String text) implements ImapResponse {
    public Tagged {
      checkTag(tag);
      checkText(code, text);
      if (condition == Condition.BYE || condition == Condition.PREAUTH) {
        throw new IllegalArgumentException(condition + " is never tagged");
      }
    }
  }

  /** An untagged status: "* OK ...", "* BYE ...", the PREAUTH greeting. */
  record Untagged(Condition condition, ResponseCode code, String text) implements ImapResponse {
    public Untagged {
      checkText(code, text);
    }
  }

  /** "+ text": the server waits for a literal or an AUTHENTICATE line. */
  record Continuation(String text) implements ImapResponse {
    public Continuation {
      checkText(text);
    }
  }

  record Capability(List<String> capabilities) implements ImapResponse {
    public Capability {
      capabilities = List.copyOf(capabilities);
      capabilities.forEach(ImapResponse::checkAtom);
    }
  }

  record Enabled(List<String> capabilities) implements ImapResponse {
    public Enabled {
      capabilities = List.copyOf(capabilities);
      capabilities.forEach(ImapResponse::checkAtom);
    }
  }

  record Exists(long count) implements ImapResponse {}

  /** IMAP4rev1 only; IMAP4rev2 removed \Recent. */
  record Recent(long count) implements ImapResponse {}

  record Expunge(long sequenceNumber) implements ImapResponse {}

  /** RFC 7162 QRESYNC: expunged UIDs; EARLIER when they answer a SELECT or UID FETCH. */
  record Vanished(boolean earlier, String uids) implements ImapResponse {
    public Vanished {
      ResponseCode.sequenceSet(uids);
    }
  }

  record Flags(List<String> flags) implements ImapResponse {
    public Flags {
      flags = List.copyOf(flags);
    }
  }

  /** Extended data after a LIST or LSUB mailbox (RFC 5258). */
  sealed interface ListExtension {}

  /** CHILDINFO ("SUBSCRIBED"): why a non-matching parent is listed. */
  record ChildInfo(List<String> criteria) implements ListExtension {
    public ChildInfo {
      criteria = List.copyOf(criteria);
    }
  }

  /** OLDNAME (RFC 9051 LIST extended data): the name the mailbox had before a rename. */
  record OldName(String mailbox) implements ListExtension {}

  /**
   * A LIST (or, with {@code lsub}, LSUB) line. The mailbox name is the real (decoded) name;
   * the encoder writes it as UTF-8 or modified UTF-7 as the client needs. A null delimiter is
   * NIL (a flat namespace).
   */
  record ListItem(boolean lsub, List<String> attributes, Character delimiter, String mailbox,
      List<ListExtension> extensions) implements ImapResponse {
    public ListItem {
      attributes = List.copyOf(attributes);
      extensions = List.copyOf(extensions);
      if (delimiter != null && (delimiter == '\r' || delimiter == '\n' || delimiter == '\0' || delimiter > 0x7f)) {
        throw new IllegalArgumentException("bad hierarchy delimiter");
      }
    }
  }

  /** STATUS attributes; their order in a response is the caller's list order. */
  enum StatusItem { MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, RECENT, HIGHESTMODSEQ }

  record StatusValue(StatusItem item, long value) {}

  record MailboxStatus(String mailbox, List<StatusValue> values) implements ImapResponse {
    public MailboxStatus {
      values = List.copyOf(values);
    }
  }

  /** IMAP4rev1 SEARCH; {@code modSeq} (RFC 7162) is null when the search had no MODSEQ. */
  record Search(List<Long> numbers, Long modSeq) implements ImapResponse {
    public Search {
      numbers = List.copyOf(numbers);
    }
  }

  /**
   * ESEARCH (RFC 4731, part of IMAP4rev2): the command's tag (null for none), whether the
   * numbers are UIDs, and each requested result, null when not requested or not defined.
   */
  record ESearch(String tag, boolean uid, Long min, Long max, String all, Long count, Long modSeq)
      implements ImapResponse {
    public ESearch {
      if (all != null) {
        ResponseCode.sequenceSet(all);
      }
      if (tag != null) {
        checkTag(tag);
      }
    }
  }

  record Fetch(long sequenceNumber, List<FetchItem> items) implements ImapResponse {
    public Fetch {
      items = List.copyOf(items);
      if (items.isEmpty()) {
        throw new IllegalArgumentException("a FETCH response has at least one item");
      }
    }
  }

  /** One namespace: its prefix and hierarchy delimiter (null is NIL). */
  record NamespaceDescription(String prefix, Character delimiter) {}

  /** RFC 2342 NAMESPACE; an empty list is NIL. */
  record Namespace(List<NamespaceDescription> personal, List<NamespaceDescription> otherUsers,
      List<NamespaceDescription> shared) implements ImapResponse {
    public Namespace {
      personal = List.copyOf(personal);
      otherUsers = List.copyOf(otherUsers);
      shared = List.copyOf(shared);
    }
  }

  /** RFC 2971 ID; null parameters is NIL. Keep insertion order with a LinkedHashMap. */
  record Id(Map<String, String> parameters) implements ImapResponse {}

  /** tag = 1*<any ASTRING-CHAR except "+">. */
  private static void checkTag(String tag) {
    if (!ImapString.isAstringAtom(tag) && !tag.equalsIgnoreCase("NIL") || tag.indexOf('+') >= 0) {
      throw new IllegalArgumentException("not a tag: " + tag);
    }
  }

  /** Capability names are atoms; anything else would be read as something else. */
  private static void checkAtom(String atom) {
    if (atom.isEmpty() || !atom.chars().allMatch(c -> ImapString.isAtomChar((char) c))) {
      throw new IllegalArgumentException("not an atom: " + atom);
    }
  }

  /** Without a code, text that opens with '[' would be read as one. */
  private static void checkText(ResponseCode code, String text) {
    checkText(text);
    if (code == null && text.startsWith("[")) {
      throw new IllegalArgumentException("text without a response code must not start with '['");
    }
  }

  private static void checkText(String text) {
    // a CR or LF inside text would let a client-supplied string forge a response
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("response text must not contain CR or LF");
    }
  }
}
