package io.mailcluster.imap.codec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Client commands (RFC 9051, RFC 3501 and the extensions we support), each with its tag.
 * Mailbox names are raw: the session decodes modified UTF-7 for IMAP4rev1 clients.
 * UID variants are the same record with {@code uid = true}.
 */
public sealed interface ImapCommand {

  String tag();

  record Capability(String tag) implements ImapCommand {}

  record Noop(String tag) implements ImapCommand {}

  record Logout(String tag) implements ImapCommand {}

  record Login(String tag, String user, String password) implements ImapCommand {
    @Override
    public String toString() {
      return "Login[tag=" + tag + ", user=" + user + "]"; // never log the password
    }
  }

  /** {@code initialResponse}: SASL-IR (RFC 4959), base64 as sent ("=" is an empty response). */
  record Authenticate(String tag, String mechanism, Optional<String> initialResponse) implements ImapCommand {
    @Override
    public String toString() {
      return "Authenticate[tag=" + tag + ", mechanism=" + mechanism
          + (initialResponse.isPresent() ? ", <initial response>]" : "]");
    }
  }

  record Enable(String tag, List<String> capabilities) implements ImapCommand {}

  /** QRESYNC parameters (RFC 7162 section 3.2.5). */
  record QResync(long uidValidity, long modSeq, Optional<SequenceSet> knownUids,
      Optional<SequenceSet> seqMatch, Optional<SequenceSet> uidMatch) {}

  /** SELECT, or EXAMINE when {@code readOnly}. */
  record Select(String tag, String mailbox, boolean readOnly, boolean condStore, Optional<QResync> qresync)
      implements ImapCommand {}

  record Create(String tag, String mailbox, List<String> specialUse) implements ImapCommand {}

  record Delete(String tag, String mailbox) implements ImapCommand {}

  record Rename(String tag, String from, String to) implements ImapCommand {}

  record Subscribe(String tag, String mailbox) implements ImapCommand {}

  record Unsubscribe(String tag, String mailbox) implements ImapCommand {}

  /**
   * LIST with LIST-EXTENDED (RFC 5258): selection options (SUBSCRIBED, REMOTE,
   * RECURSIVEMATCH, SPECIAL-USE), return options (SUBSCRIBED, CHILDREN, SPECIAL-USE) and
   * STATUS items for LIST-STATUS (RFC 5819), names upper-cased.
   */
  record ListMailboxes(String tag, List<String> selection, String reference, List<String> patterns,
      List<String> returnOptions, List<String> statusItems) implements ImapCommand {}

  record Lsub(String tag, String reference, String pattern) implements ImapCommand {}

  record Namespace(String tag) implements ImapCommand {}

  /** Items upper-cased: MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, RECENT, HIGHESTMODSEQ. */
  record Status(String tag, String mailbox, List<String> items) implements ImapCommand {}

  /**
   * The head of an APPEND; the message itself is streamed by the decoder.
   * {@code binary}: sent as literal8 (RFC 3516); {@code synchronizing}: the client waits for "+".
   */
  record Append(String tag, String mailbox, List<String> flags, Optional<OffsetDateTime> internalDate,
      long size, boolean binary, boolean synchronizing) implements ImapCommand {}

  record Idle(String tag) implements ImapCommand {}

  /** The untagged line that ends IDLE (RFC 2177); its tag is empty. */
  record Done(String tag) implements ImapCommand {}

  record Check(String tag) implements ImapCommand {}

  record Close(String tag) implements ImapCommand {}

  record Unselect(String tag) implements ImapCommand {}

  /** EXPUNGE, or UID EXPUNGE (RFC 4315) with the UIDs to expunge. */
  record Expunge(String tag, Optional<SequenceSet> uids) implements ImapCommand {}

  /**
   * SEARCH / UID SEARCH. {@code returnOptions} is present for ESEARCH (RFC 4731, "RETURN
   * (...)"; empty means ALL); options upper-cased: MIN, MAX, ALL, COUNT, SAVE.
   */
  record Search(String tag, boolean uid, Optional<String> charset, Optional<List<String>> returnOptions,
      SearchKey key) implements ImapCommand {}

  /** FETCH / UID FETCH; macros are expanded; CHANGEDSINCE and VANISHED per RFC 7162. */
  record Fetch(String tag, boolean uid, SequenceSet set, List<FetchAttribute> attributes,
      OptionalLong changedSince, boolean vanished) implements ImapCommand {}

  enum StoreMode { REPLACE, ADD, REMOVE }

  record Store(String tag, boolean uid, SequenceSet set, OptionalLong unchangedSince, StoreMode mode,
      boolean silent, List<String> flags) implements ImapCommand {}

  record Copy(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {}

  record Move(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {}

  /** ID (RFC 2971): field -> value (null values kept), or no parameters (NIL). */
  record Id(String tag, Optional<Map<String, String>> parameters) implements ImapCommand {}
}
