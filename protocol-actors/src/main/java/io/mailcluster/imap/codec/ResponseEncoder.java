package io.mailcluster.imap.codec;

import io.mailcluster.imap.codec.ImapResponse.NamespaceDescription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Writes responses as RFC 9051 section 7 spells them, each ending in CRLF. Text is UTF-8
 * (ASCII text is unchanged by it); strings follow {@link ImapString}; mailbox names go as
 * UTF-8 when the client can take it, else in modified UTF-7.
 */
public final class ResponseEncoder {

  private final EncoderOptions options;

  public ResponseEncoder(EncoderOptions options) {
    this.options = options;
  }

  /** The bytes of a response that streams no section. */
  public ByteString encode(ImapResponse response) {
    List<ResponseChunk> chunks = encodeChunks(response);
    if (chunks.size() != 1) {
      throw new IllegalArgumentException("response streams a section: use encodeChunks");
    }
    return ((ResponseChunk.Bytes) chunks.get(0)).bytes();
  }

  /** The response as bytes with, for FETCH of big sections, the places their octets go. */
  public List<ResponseChunk> encodeChunks(ImapResponse response) {
    List<ResponseChunk> chunks = new ArrayList<>();
    ByteStringBuilder out = new ByteStringBuilder();
    if (response instanceof ImapResponse.Fetch fetch) {
      ascii(out, "* " + fetch.sequenceNumber() + " FETCH (");
      out = FetchItemEncoder.encode(fetch.items(), options, out, chunks);
      ascii(out, ")");
    } else {
      body(out, response);
    }
    ascii(out, "\r\n");
    chunks.add(new ResponseChunk.Bytes(out.result()));
    return chunks;
  }

  private void body(ByteStringBuilder out, ImapResponse response) {
    if (response instanceof ImapResponse.Tagged t) {
      status(out, t.tag(), t.condition(), t.code(), t.text());
    } else if (response instanceof ImapResponse.Untagged u) {
      status(out, "*", u.condition(), u.code(), u.text());
    } else if (response instanceof ImapResponse.Continuation c) {
      text(out, "+ " + c.text());
    } else if (response instanceof ImapResponse.Capability c) {
      ascii(out, "* CAPABILITY " + String.join(" ", c.capabilities()));
    } else if (response instanceof ImapResponse.Enabled e) {
      ascii(out, "* ENABLED" + (e.capabilities().isEmpty() ? "" : " " + String.join(" ", e.capabilities())));
    } else if (response instanceof ImapResponse.Exists e) {
      ascii(out, "* " + e.count() + " EXISTS");
    } else if (response instanceof ImapResponse.Recent r) {
      if (options.rev2()) {
        throw new IllegalArgumentException("IMAP4rev2 has no RECENT response");
      }
      ascii(out, "* " + r.count() + " RECENT");
    } else if (response instanceof ImapResponse.Expunge e) {
      ascii(out, "* " + e.sequenceNumber() + " EXPUNGE");
    } else if (response instanceof ImapResponse.Vanished v) {
      ascii(out, "* VANISHED " + (v.earlier() ? "(EARLIER) " : "") + v.uids());
    } else if (response instanceof ImapResponse.Flags f) {
      ascii(out, "* FLAGS (" + FlagsEncoder.join(f.flags()) + ")");
    } else if (response instanceof ImapResponse.ListItem l) {
      list(out, l);
    } else if (response instanceof ImapResponse.MailboxStatus s) {
      ascii(out, "* STATUS ");
      mailbox(out, s.mailbox());
      StringJoiner items = new StringJoiner(" ", " (", ")");
      s.values().forEach(v -> items.add(v.item() + " " + v.value()));
      ascii(out, items.toString());
    } else if (response instanceof ImapResponse.Search s) {
      StringBuilder line = new StringBuilder("* SEARCH");
      s.numbers().forEach(n -> line.append(' ').append(n));
      if (s.modSeq() != null) {
        line.append(" (MODSEQ ").append(s.modSeq()).append(')');
      }
      ascii(out, line.toString());
    } else if (response instanceof ImapResponse.ESearch e) {
      esearch(out, e);
    } else if (response instanceof ImapResponse.Namespace n) {
      ascii(out, "* NAMESPACE ");
      namespaces(out, n.personal());
      ascii(out, " ");
      namespaces(out, n.otherUsers());
      ascii(out, " ");
      namespaces(out, n.shared());
    } else if (response instanceof ImapResponse.Id id) {
      id(out, id.parameters());
    } else {
      throw new IllegalStateException("unknown response " + response);
    }
  }

  private void status(ByteStringBuilder out, String tag, ImapResponse.Condition condition,
      ResponseCode code, String text) {
    StringBuilder line = new StringBuilder(tag).append(' ').append(condition);
    if (code != null) {
      line.append(" [").append(code.atom());
      if (code.data() != null) {
        line.append(' ').append(code.data());
      }
      line.append(']');
    }
    if (!text.isEmpty()) {
      line.append(' ').append(text);
    }
    text(out, line.toString());
  }

  private void list(ByteStringBuilder out, ImapResponse.ListItem l) {
    ascii(out, (l.lsub() ? "* LSUB (" : "* LIST (") + FlagsEncoder.join(l.attributes()) + ") ");
    delimiter(out, l.delimiter());
    ascii(out, " ");
    mailbox(out, l.mailbox());
    if (l.extensions().isEmpty()) {
      return;
    }
    ascii(out, " (");
    for (int i = 0; i < l.extensions().size(); i++) {
      ascii(out, i > 0 ? " " : "");
      ImapResponse.ListExtension ext = l.extensions().get(i);
      if (ext instanceof ImapResponse.ChildInfo c) {
        ascii(out, "\"CHILDINFO\" (");
        for (int k = 0; k < c.criteria().size(); k++) {
          ascii(out, k > 0 ? " " : "");
          ImapString.string(out, c.criteria().get(k), false);
        }
        ascii(out, ")");
      } else if (ext instanceof ImapResponse.OldName o) {
        ascii(out, "\"OLDNAME\" (");
        mailbox(out, o.mailbox());
        ascii(out, ")");
      }
    }
    ascii(out, ")");
  }

  private void esearch(ByteStringBuilder out, ImapResponse.ESearch e) {
    StringBuilder line = new StringBuilder("* ESEARCH");
    if (e.tag() != null) {
      line.append(" (TAG \"").append(e.tag()).append("\")");
    }
    line.append(e.uid() ? " UID" : "");
    if (e.min() != null) {
      line.append(" MIN ").append(e.min());
    }
    if (e.max() != null) {
      line.append(" MAX ").append(e.max());
    }
    if (e.all() != null) {
      line.append(" ALL ").append(e.all());
    }
    if (e.count() != null) {
      line.append(" COUNT ").append(e.count());
    }
    if (e.modSeq() != null) {
      line.append(" MODSEQ ").append(e.modSeq());
    }
    ascii(out, line.toString());
  }

  private void namespaces(ByteStringBuilder out, List<NamespaceDescription> list) {
    if (list.isEmpty()) {
      ascii(out, "NIL");
      return;
    }
    ascii(out, "(");
    for (NamespaceDescription d : list) {
      ascii(out, "(");
      ImapString.string(out, mailboxText(d.prefix()), options.utf8());
      ascii(out, " ");
      delimiter(out, d.delimiter());
      ascii(out, ")");
    }
    ascii(out, ")");
  }

  private void id(ByteStringBuilder out, Map<String, String> parameters) {
    ascii(out, "* ID ");
    if (parameters == null) {
      ascii(out, "NIL");
      return;
    }
    ascii(out, "(");
    boolean first = true;
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      ascii(out, first ? "" : " ");
      ImapString.string(out, p.getKey(), options.utf8());
      ascii(out, " ");
      ImapString.nstring(out, p.getValue(), options.utf8());
      first = false;
    }
    ascii(out, ")");
  }

  private void delimiter(ByteStringBuilder out, Character delimiter) {
    if (delimiter == null) {
      ascii(out, "NIL");
    } else {
      ImapString.string(out, delimiter.toString(), false);
    }
  }

  /** A mailbox name: "INBOX" / astring, in UTF-8 or modified UTF-7. */
  private void mailbox(ByteStringBuilder out, String name) {
    ImapString.astring(out, mailboxText(name), options.utf8());
  }

  private String mailboxText(String name) {
    return options.utf8() ? name : MailboxName.encode(name);
  }

  /**
   * Human-readable text: UTF-8 only for IMAP4rev2, whose text rule allows it; IMAP4rev1 text
   * (even with UTF8=ACCEPT, which widens quoted strings only) is ASCII, so other characters
   * become '?'.
   */
  private void text(ByteStringBuilder out, String line) {
    if (options.rev2()) {
      out.putBytes(line.getBytes(StandardCharsets.UTF_8));
      return;
    }
    StringBuilder ascii = new StringBuilder(line.length());
    line.codePoints().forEach(c -> ascii.appendCodePoint(c < 0x80 ? c : '?'));
    ascii(out, ascii.toString());
  }

  private static void ascii(ByteStringBuilder out, String text) {
    ImapString.ascii(out, text);
  }
}
