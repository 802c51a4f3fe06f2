package io.mailcluster.imap.session;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * What the session answers to one input: the bytes to write (a FETCH of big sections streams
 * them from the blob store), whether to close the connection after them, and whether the next
 * client line answers a continuation request (AUTHENTICATE) rather than being a command.
 */
public record SessionReply(Source<ByteString, NotUsed> output, boolean close, boolean continuationLine) {

  public static SessionReply of(ByteString bytes) {
    return new SessionReply(bytes.isEmpty() ? Source.empty() : Source.single(bytes), false, false);
  }
}
