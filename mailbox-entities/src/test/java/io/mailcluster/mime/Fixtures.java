package io.mailcluster.mime;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Message fixtures under src/test/resources/mime and helpers to look into extracted metadata. */
final class Fixtures {

  private Fixtures() {}

  static final MimeSettings DEFAULTS = MimeSettings.fromConfig(ConfigFactory.defaultReference());

  /**
   * The fixture's bytes. Fixtures are written with LF line ends for readability and sent with
   * CRLF as on the wire; those named {@code *.lf.eml} keep their bare LFs.
   */
  static byte[] load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/mime/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      byte[] bytes = in.readAllBytes();
      if (name.endsWith(".lf.eml")) {
        return bytes;
      }
      return new String(bytes, StandardCharsets.UTF_8)
          .replace("\r\n", "\n")
          .replace("\n", "\r\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MessageMetadata extract(byte[] message) {
    return extract(message, DEFAULTS);
  }

  static MessageMetadata extract(byte[] message, MimeSettings settings) {
    try {
      return new MetadataExtractor(settings).extract(new ByteArrayInputStream(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MessageMetadata extract(String name) {
    return extract(load(name));
  }

  /** The tree as text, e.g. {@code multipart/mixed(text/plain,message/rfc822[text/plain])}. */
  static String shape(BodyStructure node) {
    StringBuilder out = new StringBuilder(node.type()).append('/').append(node.subtype());
    if (!node.parts().isEmpty()) {
      List<String> children = new ArrayList<>();
      node.parts().forEach(p -> children.add(shape(p)));
      out.append('(').append(String.join(",", children)).append(')');
    }
    if (node.message() != null) {
      out.append('[').append(shape(node.message())).append(']');
    }
    if (node.truncated()) {
      out.append('…');
    }
    return out.toString();
  }

  /** Every node of the tree, depth first, embedded messages included. */
  static List<BodyStructure> nodes(BodyStructure root) {
    List<BodyStructure> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  private static void collect(BodyStructure node, List<BodyStructure> out) {
    out.add(node);
    node.parts().forEach(p -> collect(p, out));
    if (node.message() != null) {
      collect(node.message(), out);
    }
  }

  static int depth(BodyStructure node) {
    int deepest = 0;
    for (BodyStructure p : node.parts()) {
      deepest = Math.max(deepest, depth(p));
    }
    if (node.message() != null) {
      deepest = Math.max(deepest, depth(node.message()));
    }
    return deepest + 1;
  }

  static String slice(byte[] message, long from, long to) {
    return new String(message, (int) from, (int) (to - from), StandardCharsets.UTF_8);
  }

  /** Lines as IMAP counts them: line ends, plus a last line without one. */
  static long lines(byte[] message, long from, long to) {
    long lines = 0;
    for (long i = from; i < to; i++) {
      if (message[(int) i] == '\n') {
        lines++;
      }
    }
    return lines + (to > from && message[(int) to - 1] != '\n' ? 1 : 0);
  }
}
