package io.mailcluster.mime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mailcluster.serialization.CborSerializable;

/**
 * One address of an IMAP ENVELOPE (RFC 9051 7.5.2): display name, source route, mailbox and
 * host, each null where IMAP sends NIL. The name keeps RFC 2047 encoded-words raw.
 *
 * <p>Groups are represented as IMAP does: a start marker with a null host and the group name
 * in {@code mailbox}, the members, then an end marker with every field null.
 */
public record EnvelopeAddress(String name, String adl, String mailbox, String host)
    implements CborSerializable {

  static EnvelopeAddress groupStart(String groupName) {
    return new EnvelopeAddress(null, null, groupName, null);
  }

  static EnvelopeAddress groupEnd() {
    return new EnvelopeAddress(null, null, null, null);
  }

  /** True for the marker that opens a group. */
  @JsonIgnore
  public boolean isGroupStart() {
    return host == null && mailbox != null;
  }

  /** True for the marker that closes a group. */
  @JsonIgnore
  public boolean isGroupEnd() {
    return host == null && mailbox == null;
  }
}
