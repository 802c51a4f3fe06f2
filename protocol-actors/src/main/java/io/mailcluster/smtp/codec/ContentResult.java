package io.mailcluster.smtp.codec;

import java.util.Optional;
import org.apache.pekko.util.ByteString;

/** What the content decoders (DATA and BDAT) yield from {@code next()}. */
public sealed interface ContentResult {

  /** Everything fed so far is consumed; feed more. */
  record NeedMore() implements ContentResult {}

  /** Message bytes as they will be stored (dot-unstuffed, normalised); never empty. */
  record Content(ByteString bytes) implements ContentResult {}

  /**
   * The content is complete. {@code size} counts the octets of the message (after
   * unstuffing). With a rejection present the message must not be stored; content chunks
   * already handed out are to be discarded, and the decoder stopped emitting them.
   */
  record End(long size, Optional<DataRejection> rejection) implements ContentResult {
    public boolean accepted() {
      return rejection.isEmpty();
    }
  }

  NeedMore NEED_MORE = new NeedMore();
}
