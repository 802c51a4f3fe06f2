package io.mailcluster.imap.codec;

import io.mailcluster.mime.BodyStructure;
import io.mailcluster.mime.BodyStructure.Param;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Writes BODYSTRUCTURE, or BODY without extension data, from the MIME tree extracted at
 * ingest (RFC 9051 section 7.5.2 and the body grammar of section 9). Type, subtype,
 * encoding and parameter names go upper case as in the RFC's examples; values stay raw.
 */
public final class BodyStructureEncoder {

  /** What a multipart whose parts were cut by a limit shows: the grammar wants one part. */
  private static final String EMPTY_PART = "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0)";

  private BodyStructureEncoder() {}

  public static void encode(ByteStringBuilder out, BodyStructure body, boolean extensible, boolean utf8) {
    ImapString.ascii(out, "(");
    if (body.isMultipart()) {
      multipart(out, body, extensible, utf8);
    } else {
      singlePart(out, body, extensible, utf8);
    }
    ImapString.ascii(out, ")");
  }

  private static void multipart(ByteStringBuilder out, BodyStructure body, boolean extensible, boolean utf8) {
    if (body.parts().isEmpty()) {
      ImapString.ascii(out, EMPTY_PART);
    }
    for (BodyStructure part : body.parts()) {
      encode(out, part, extensible, utf8);
    }
    ImapString.ascii(out, " ");
    ImapString.string(out, upper(body.subtype()), utf8);
    if (extensible) {
      ImapString.ascii(out, " ");
      params(out, body.params(), utf8);
      extension(out, body, utf8);
    }
  }

  private static void singlePart(ByteStringBuilder out, BodyStructure body, boolean extensible, boolean utf8) {
    ImapString.string(out, upper(body.type()), utf8);
    ImapString.ascii(out, " ");
    ImapString.string(out, upper(body.subtype()), utf8);
    ImapString.ascii(out, " ");
    params(out, body.params(), utf8);
    ImapString.ascii(out, " ");
    ImapString.nstring(out, body.id(), utf8);
    ImapString.ascii(out, " ");
    ImapString.nstring(out, body.description(), utf8);
    ImapString.ascii(out, " ");
    ImapString.string(out, body.encoding() == null ? "7BIT" : upper(body.encoding()), utf8);
    ImapString.ascii(out, " " + body.size());
    if (body.embedsMessage() && body.message() != null) {
      ImapString.ascii(out, " ");
      EnvelopeEncoder.encode(out, body.envelope(), utf8);
      ImapString.ascii(out, " ");
      encode(out, body.message(), extensible, utf8);
      ImapString.ascii(out, " " + lines(body));
    } else if ("text".equals(body.type())) {
      ImapString.ascii(out, " " + lines(body));
    }
    if (extensible) {
      ImapString.ascii(out, " ");
      ImapString.nstring(out, body.md5(), utf8);
      extension(out, body, utf8);
    }
  }

  /** Disposition, language and location: the extension fields both body kinds share. */
  private static void extension(ByteStringBuilder out, BodyStructure body, boolean utf8) {
    ImapString.ascii(out, " ");
    if (body.disposition() == null) {
      ImapString.ascii(out, "NIL");
    } else {
      ImapString.ascii(out, "(");
      ImapString.string(out, upper(body.disposition().type()), utf8);
      ImapString.ascii(out, " ");
      params(out, body.disposition().params(), utf8);
      ImapString.ascii(out, ")");
    }
    ImapString.ascii(out, " ");
    language(out, body.language(), utf8);
    ImapString.ascii(out, " ");
    ImapString.nstring(out, body.location(), utf8);
  }

  private static void params(ByteStringBuilder out, List<Param> params, boolean utf8) {
    if (params == null || params.isEmpty()) {
      ImapString.ascii(out, "NIL");
      return;
    }
    ImapString.ascii(out, "(");
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        ImapString.ascii(out, " ");
      }
      ImapString.string(out, upper(params.get(i).name()), utf8);
      ImapString.ascii(out, " ");
      ImapString.string(out, params.get(i).value() == null ? "" : params.get(i).value(), utf8);
    }
    ImapString.ascii(out, ")");
  }

  private static void language(ByteStringBuilder out, List<String> languages, boolean utf8) {
    if (languages == null || languages.isEmpty()) {
      ImapString.ascii(out, "NIL");
    } else if (languages.size() == 1) {
      ImapString.string(out, languages.get(0), utf8);
    } else {
      ImapString.ascii(out, "(");
      for (int i = 0; i < languages.size(); i++) {
        if (i > 0) {
          ImapString.ascii(out, " ");
        }
        ImapString.string(out, languages.get(i), utf8);
      }
      ImapString.ascii(out, ")");
    }
  }

  private static long lines(BodyStructure body) {
    return body.lines() == null ? 0 : body.lines();
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
