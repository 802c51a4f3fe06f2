package io.mailcluster.imap.content;

import io.mailcluster.mime.BodyStructure;
import io.mailcluster.mime.MessageMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.util.ByteString;

/**
 * The searchable text of a message body, for SEARCH BODY and TEXT: every text/* part with its
 * content-transfer-encoding undone and its charset decoded to Unicode, plus the headers of
 * embedded messages, all lower-cased for case-insensitive matching.
 *
 * <p>Built from the first octets of the message (the caller bounds how many): a part that
 * starts beyond them is left out, one cut by them is searched as far as it goes. A charset Java
 * does not know is read as UTF-8 when the octets are valid UTF-8, else as ISO-8859-1; an
 * unknown transfer encoding is searched as it is.
 */
public record MessageText(List<String> parts) {

  public MessageText {
    parts = List.copyOf(parts);
  }

  /** The text of the message whose first octets are {@code octets}. */
  public static MessageText of(ByteString octets, MessageMetadata metadata) {
    List<String> parts = new ArrayList<>();
    if (metadata.body() == null) {
      parts.add(lower(lenient(octets, null)));
    } else {
      collect(metadata.body(), octets, parts);
    }
    return new MessageText(parts);
  }

  /** Whether some part contains {@code lowerCaseNeedle}. */
  boolean contains(String lowerCaseNeedle) {
    for (String part : parts) {
      if (part.contains(lowerCaseNeedle)) {
        return true;
      }
    }
    return false;
  }

  private static void collect(BodyStructure node, ByteString octets, List<String> out) {
    if (node.isMultipart()) {
      node.parts().forEach(part -> collect(part, octets, out));
    } else if (node.embedsMessage() && node.message() != null) {
      BodyStructure.Offsets o = node.message().offsets();
      out.add(lower(SearchEvaluator.decodeWords(lenient(cut(octets, o.headerStart(), o.bodyStart()), null))));
      collect(node.message(), octets, out);
    } else if ("text".equals(node.type()) || node.type() == null) {
      ByteString raw = cut(octets, node.offsets().bodyStart(), node.offsets().bodyEnd());
      TransferDecoder decoder = TransferDecoder.forEncoding(node.encoding());
      ByteString decoded = decoder == null ? raw : decoder.decodeAll(raw);
      out.add(lower(lenient(decoded, node.param("charset"))));
    }
  }

  private static ByteString cut(ByteString octets, long from, long to) {
    int start = (int) Math.min(from, octets.size());
    int end = (int) Math.min(Math.max(from, to), octets.size());
    return octets.slice(start, end);
  }

  /** The octets in their declared charset; unknown or absent: UTF-8 when valid, else ISO-8859-1. */
  static String lenient(ByteString octets, String charset) {
    Charset declared = charset(charset);
    if (declared != null) {
      return octets.decodeString(declared);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(octets.toArray()))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return octets.decodeString(StandardCharsets.ISO_8859_1);
    }
  }

  private static Charset charset(String name) {
    if (name == null) {
      return null;
    }
    String clean = name.trim();
    if (clean.length() > 1 && clean.startsWith("\"") && clean.endsWith("\"")) {
      clean = clean.substring(1, clean.length() - 1);
    }
    try {
      return Charset.forName(clean);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
