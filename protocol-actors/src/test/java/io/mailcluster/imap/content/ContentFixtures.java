package io.mailcluster.imap.content;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.mime.MimeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Messages as bytes, their metadata from the real extractor, and their octets as a port. */
final class ContentFixtures {

  private ContentFixtures() {}

  static MessageMetadata metadata(byte[] message) {
    try {
      return new MetadataExtractor(MimeSettings.fromConfig(ConfigFactory.defaultReference()))
          .extract(new ByteArrayInputStream(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The octets served by range, in 7-octet pieces so that every consumer sees them split. */
  static MessageBytes bytes(byte[] message) {
    ByteString all = ByteString.fromArray(message);
    return (offset, length) -> {
      int from = (int) Math.min(offset, all.size());
      int to = (int) Math.min(all.size(), from + Math.min(length, Integer.MAX_VALUE));
      List<ByteString> pieces = new ArrayList<>();
      for (int i = from; i < to; i += 7) {
        pieces.add(all.slice(i, Math.min(to, i + 7)));
      }
      return Source.from(pieces);
    };
  }

  /** CRLF line ends from a text block written with LF. */
  static String crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }
}
