package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;
import java.util.Objects;

/**
 * One folder of an account's tree: its name (the IMAP mailbox name), the opaque id of its {@link
 * io.mailcluster.mailbox.Folder} entity, its SPECIAL-USE attribute (RFC 6154) and whether it is
 * subscribed.
 *
 * @param specialUse null, or one of {@link #SENT}, {@link #DRAFTS}, {@link #TRASH}, {@link #JUNK},
 *     {@link #ARCHIVE}
 */
public record FolderRef(String name, String folderId, String specialUse, boolean subscribed)
    implements CborSerializable {

  public static final String INBOX = "INBOX";

  public static final String SENT = "\\Sent";
  public static final String DRAFTS = "\\Drafts";
  public static final String TRASH = "\\Trash";
  public static final String JUNK = "\\Junk";
  public static final String ARCHIVE = "\\Archive";

  /** A folder every account has from creation: its name and special use (null for INBOX). */
  public record Default(String name, String specialUse) {}

  /** The tree a new account gets, INBOX first. */
  public static final List<Default> DEFAULTS = List.of(
      new Default(INBOX, null),
      new Default("Sent", SENT),
      new Default("Drafts", DRAFTS),
      new Default("Trash", TRASH),
      new Default("Junk", JUNK),
      new Default("Archive", ARCHIVE));

  public FolderRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(folderId, "folderId");
  }
}
