package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;

/**
 * Where an append landed (IMAP APPENDUID).
 *
 * @param duplicate true if the idempotency key had been applied before: nothing new was appended
 */
public record AppendResult(long uid, long uidValidity, boolean duplicate)
    implements CborSerializable {}
