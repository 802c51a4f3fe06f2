package io.mailcluster.storage;

import io.mailcluster.blob.BlobRef;
import io.mailcluster.mime.MessageMetadata;

/** A message whose body (blob manifest) and metadata row are both durable in Cassandra. */
public record IngestedMessage(BlobRef blob, MessageMetadata metadata) {}
