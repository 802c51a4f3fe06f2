package io.mailcluster.imap.content;

import io.mailcluster.imap.codec.FetchAttribute;
import io.mailcluster.imap.codec.FetchAttribute.SectionText;
import io.mailcluster.mime.BodyStructure;
import io.mailcluster.mime.MessageMetadata;
import java.util.List;

/**
 * Maps a FETCH section (RFC 9051 section 6.4.5, RFC 3516) onto a message's MIME tree, as a
 * {@link SectionPlan}. Pure: it reads metadata only.
 *
 * <p>Part numbers: the parts of a multipart are numbered from 1; a message that is not
 * multipart has one part, 1, its body; the part numbers after a message/rfc822 part number the
 * embedded message the same way ("2.1" is the first part of the message embedded as part 2).
 * HEADER, HEADER.FIELDS (.NOT) and TEXT after part numbers refer to the message embedded by a
 * message/rfc822 part; on any other part they are the empty string. MIME is the part's own
 * header. A part that does not exist is the empty string (NIL for BINARY).
 *
 * <p>When the stored offsets are not exact, or the structure was truncated, the top-level
 * HEADER, HEADER.FIELDS (.NOT) and TEXT are planned as {@link SectionPlan.Reparse}; the whole
 * message (BODY[]) is always octets 0 to its size. Sections inside parts keep the stored
 * offsets (best effort); parts left out of a truncated structure do not exist.
 */
public final class SectionResolver {

  private SectionResolver() {}

  /** BODY[section] (and the RFC822 forms, which are sections ALL, HEADER and TEXT). */
  public static SectionPlan plan(MessageMetadata metadata, FetchAttribute.Section section) {
    BodyStructure root = metadata.body();
    if (section.part().isEmpty()) {
      return topLevel(metadata, section);
    }
    BodyStructure part = find(root, section.part());
    if (part == null) {
      return new SectionPlan.Empty();
    }
    BodyStructure.Offsets o = part.offsets();
    SectionText text = section.text();
    if (text == SectionText.ALL) {
      return new SectionPlan.Octets(o.bodyStart(), o.bodyEnd());
    }
    if (text == SectionText.MIME) {
      return new SectionPlan.Octets(o.headerStart(), o.bodyStart());
    }
    if (!part.embedsMessage() || part.message() == null) {
      return new SectionPlan.Empty();
    }
    return ofMessage(part.message().offsets(), text, section.fields());
  }

  /** BINARY[part] and BINARY.SIZE[part]: the part's body and the encoding to undo. */
  public static SectionPlan planBinary(MessageMetadata metadata, List<Integer> partNumbers) {
    if (partNumbers.isEmpty()) {
      // the whole message: a header has no transfer encoding to undo
      return new SectionPlan.Octets(0, metadata.size());
    }
    BodyStructure part = find(metadata.body(), partNumbers);
    if (part == null) {
      return new SectionPlan.Nil();
    }
    if (TransferDecoder.forEncoding(part.encoding()) == null) {
      return new SectionPlan.UnknownEncoding(part.encoding());
    }
    return new SectionPlan.Decoded(part.offsets().bodyStart(), part.offsets().bodyEnd(), part.encoding());
  }

  private static SectionPlan topLevel(MessageMetadata metadata, FetchAttribute.Section section) {
    SectionText text = section.text();
    if (text == SectionText.ALL) {
      return new SectionPlan.Octets(0, metadata.size());
    }
    if (text == SectionText.MIME) {
      return new SectionPlan.Empty(); // MIME needs a part number; the parser refuses it anyway
    }
    if (!metadata.offsetsExact() || metadata.truncated()) {
      return new SectionPlan.Reparse(text, section.fields());
    }
    return ofMessage(metadata.body().offsets(), text, section.fields());
  }

  /** HEADER, HEADER.FIELDS (.NOT) or TEXT of a message whose top node has these offsets. */
  private static SectionPlan ofMessage(BodyStructure.Offsets o, SectionText text, List<String> fields) {
    if (text == SectionText.HEADER) {
      return new SectionPlan.Octets(o.headerStart(), o.bodyStart());
    }
    if (text == SectionText.TEXT) {
      return new SectionPlan.Octets(o.bodyStart(), o.bodyEnd());
    }
    return new SectionPlan.HeaderSubset(o.headerStart(), o.bodyStart(), fields,
        text == SectionText.HEADER_FIELDS_NOT);
  }

  /** The node the part numbers name, or null when there is none. */
  static BodyStructure find(BodyStructure root, List<Integer> partNumbers) {
    BodyStructure node = root;
    boolean message = true;
    for (int n : partNumbers) {
      node = child(node, message, n);
      if (node == null) {
        return null;
      }
      message = false;
    }
    return node;
  }

  /** Part {@code n} inside {@code node}; {@code message} when node is a message's top node. */
  private static BodyStructure child(BodyStructure node, boolean message, int n) {
    if (node.isMultipart()) {
      return n >= 1 && n <= node.parts().size() ? node.parts().get(n - 1) : null;
    }
    if (message) {
      return n == 1 ? node : null;
    }
    if (node.embedsMessage() && node.message() != null) {
      return child(node.message(), true, n);
    }
    return null;
  }
}
