package io.mailcluster.imap.codec;

import org.apache.pekko.util.ByteString;

/**
 * A piece of an encoded response: bytes to write, or the place where the caller streams a
 * message section's octets (the literal header before it is already written).
 */
public sealed interface ResponseChunk {

  record Bytes(ByteString bytes) implements ResponseChunk {}

  record Stream(FetchItem.StreamedSection section) implements ResponseChunk {}
}
