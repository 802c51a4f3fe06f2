package io.mailcluster.imap.content;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The stored octets of one message, read by range (a blob store's ranged source bound to the
 * message's blob id). A range past the end is clipped.
 */
@FunctionalInterface
public interface MessageBytes {

  Source<ByteString, NotUsed> range(long offset, long length);
}
