package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Account.GetFolders} and {@link Account.EnsureFolders} answer: the account's folder
 * tree.
 *
 * @param folders sorted by name
 */
public record FolderTree(String address, List<FolderRef> folders) implements CborSerializable {

  public FolderTree {
    folders = List.copyOf(folders);
  }

  /** The folder called {@code name} (INBOX in any case, also as a first level), if any. */
  public Optional<FolderRef> folder(String name) {
    String wanted = FolderNames.canonical(name);
    return folders.stream().filter(f -> f.name().equals(wanted)).findFirst();
  }

  /** The folder ids of the tree, in name order. */
  public List<String> folderIds() {
    return folders.stream().map(FolderRef::folderId).toList();
  }
}
