package io.mailcluster.blob;

import io.mailcluster.serialization.CborSerializable;

/** A stored message body: its content address (hex SHA-256 of all its bytes) and size. */
public record BlobRef(String id, long size) implements CborSerializable {}
