package io.mailcluster.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an RFC 5322 address-list (with obsolete forms and groups) into IMAP ENVELOPE
 * addresses. Lenient: what cannot be understood is skipped up to the next comma, never thrown.
 * Display names keep encoded-words raw; quoted strings lose their quotes and escapes.
 */
final class AddressParser {

  private final String s;
  private int pos;

  private AddressParser(String s) {
    this.s = s;
  }

  /** The addresses of an unfolded header value; empty for null or blank input. */
  static List<EnvelopeAddress> parse(String value) {
    List<EnvelopeAddress> out = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    new AddressParser(HeaderText.unfold(value)).addressList(out, false);
    return out;
  }

  private void addressList(List<EnvelopeAddress> out, boolean inGroup) {
    while (pos < s.length()) {
      skipCfws();
      if (pos >= s.length()) {
        return;
      }
      char c = s.charAt(pos);
      if (c == ',') {
        pos++;
        continue;
      }
      if (c == ';') {
        if (inGroup) {
          return;
        }
        pos++;
        continue;
      }
      int before = pos;
      address(out, inGroup);
      if (pos == before) {
        pos++; // never loop on a character we cannot use
      }
    }
  }

  /** One mailbox or group, ending before the next ',' (or ';' in a group). */
  private void address(List<EnvelopeAddress> out, boolean inGroup) {
    List<String> words = new ArrayList<>();
    StringBuilder addrSpec = new StringBuilder();
    while (pos < s.length()) {
      skipCfws();
      if (pos >= s.length()) {
        break;
      }
      char c = s.charAt(pos);
      if (c == ',' || (c == ';' && inGroup)) {
        break;
      } else if (c == ':' && !inGroup) {
        pos++;
        out.add(EnvelopeAddress.groupStart(String.join(" ", words)));
        addressList(out, true);
        if (pos < s.length() && s.charAt(pos) == ';') {
          pos++;
        }
        out.add(EnvelopeAddress.groupEnd());
        return;
      } else if (c == '<') {
        pos++;
        angleAddr(out, words.isEmpty() ? null : String.join(" ", words));
        skipToSeparator(inGroup);
        return;
      } else if (c == '"') {
        words.add(quoted());
        addrSpec.append('"').append(words.get(words.size() - 1)).append('"');
      } else if (c == '@' || c == '.') {
        addrSpec.append(c);
        if (words.isEmpty()) {
          words.add(String.valueOf(c));
        } else {
          words.set(words.size() - 1, words.get(words.size() - 1) + c);
        }
        pos++;
      } else {
        String atom = atom();
        if (atom.isEmpty()) {
          pos++;
          continue;
        }
        words.add(atom);
        addrSpec.append(atom);
      }
    }
    if (addrSpec.length() > 0) {
      out.add(mailbox(null, null, addrSpec.toString()));
    }
  }

  /** After '<': optional route, addr-spec, '>'. */
  private void angleAddr(List<EnvelopeAddress> out, String name) {
    int end = s.indexOf('>', pos);
    String inner = end < 0 ? s.substring(pos) : s.substring(pos, end);
    pos = end < 0 ? s.length() : end + 1;
    String adl = null;
    int colon = inner.lastIndexOf(':');
    if (inner.trim().startsWith("@") && colon > 0) {
      adl = inner.substring(0, colon).replaceAll("\\s+", "");
      inner = inner.substring(colon + 1);
    }
    String spec = inner.replaceAll("\\s+", "");
    if (spec.isEmpty() && name == null) {
      return;
    }
    out.add(mailbox(name, adl, spec));
  }

  private static EnvelopeAddress mailbox(String name, String adl, String spec) {
    int at = spec.lastIndexOf('@');
    String local = at < 0 ? spec : spec.substring(0, at);
    String host = at < 0 ? "" : spec.substring(at + 1);
    if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
      local = local.substring(1, local.length() - 1);
    }
    // An address without a domain still needs a non-null host, or IMAP would read a group marker.
    return new EnvelopeAddress(name, adl, local, host);
  }

  private void skipToSeparator(boolean inGroup) {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ',' || (c == ';' && inGroup)) {
        return;
      }
      if (c == '(') {
        skipCfws();
      } else {
        pos++;
      }
    }
  }

  private String atom() {
    int start = pos;
    while (pos < s.length() && "()<>[]:;@\\,.\" \t".indexOf(s.charAt(pos)) < 0) {
      pos++;
    }
    if (pos == start && pos < s.length() && s.charAt(pos) == '[') {
      int end = s.indexOf(']', pos);
      pos = end < 0 ? s.length() : end + 1;
    }
    return s.substring(start, pos);
  }

  private String quoted() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '\\' && pos < s.length()) {
        out.append(s.charAt(pos++));
      } else if (c == '"') {
        break;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private void skipCfws() {
    int depth = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (depth > 0) {
        if (c == '\\') {
          pos++;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
        pos++;
      } else if (c == '(') {
        depth++;
        pos++;
      } else if (c == ' ' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }
}
