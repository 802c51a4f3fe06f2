package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;

/**
 * Published by a {@link Folder} after each persisted change (see {@link FolderNotifications}):
 * its counters right after the change. A subscriber that needs the details asks the folder
 * ({@link Folder.Changes}).
 */
public record FolderChanged(String folderId, long highestModSeq, long uidNext, long messages)
    implements CborSerializable {}
