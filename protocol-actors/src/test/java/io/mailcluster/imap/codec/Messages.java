package io.mailcluster.imap.codec;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.mime.MimeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Runs the mailbox-entities message fixtures (test jar, /mime/*.eml) through the real extractor. */
final class Messages {

  private Messages() {}

  /** The fixture's metadata; fixtures are stored with LF and sent with CRLF, as on the wire. */
  static MessageMetadata extract(String fixture) {
    try (InputStream in = Messages.class.getResourceAsStream("/mime/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + fixture);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(text.replace("\r\n", "\n").replace("\n", "\r\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The metadata of a message given as text with CRLF line ends. */
  static MessageMetadata parse(String message) {
    MimeSettings settings = MimeSettings.fromConfig(ConfigFactory.defaultReference());
    try {
      return new MetadataExtractor(settings)
          .extract(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
