package io.mailcluster.imap.content;

import io.mailcluster.imap.codec.FetchItem;
import io.mailcluster.imap.codec.ResponseCode;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** The answer to one FETCH section item: ready, to be streamed, or refused. */
public sealed interface FetchedSection {

  /** RFC 3516: BINARY of a part whose content-transfer-encoding the server cannot undo. */
  ResponseCode UNKNOWN_CTE = new ResponseCode("UNKNOWN-CTE", null);

  /** A FETCH item whose content is at hand (FetchItem.Section or FetchItem.BinarySize). */
  record Inline(FetchItem item) implements FetchedSection {}

  /**
   * A section streamed after its literal header: {@code octets} yields exactly
   * {@code section.size()} octets each time it is called, or fails (then the connection must
   * be closed: the literal cannot be finished).
   */
  record Streamed(FetchItem.StreamedSection section, Supplier<Source<ByteString, NotUsed>> octets)
      implements FetchedSection {}

  /** The item cannot be answered: the command ends NO with this code. */
  record Refused(ResponseCode code, String text) implements FetchedSection {}
}
