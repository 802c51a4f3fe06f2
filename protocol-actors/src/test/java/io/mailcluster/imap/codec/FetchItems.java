package io.mailcluster.imap.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Short spellings of fetch attributes for test tables. */
final class FetchItems {

  private FetchItems() {}

  static String describe(List<FetchAttribute> attributes) {
    List<String> out = new ArrayList<>();
    for (FetchAttribute a : attributes) {
      out.add(describe(a));
    }
    return out.toString();
  }

  private static String describe(FetchAttribute a) {
    if (a instanceof FetchAttribute.Simple s) {
      return s.item().name();
    }
    if (a instanceof FetchAttribute.BodySection b) {
      FetchAttribute.Section s = b.section();
      String part = join(s.part());
      String text = s.text() == FetchAttribute.SectionText.ALL ? "" : s.text().name();
      String fields = s.fields().isEmpty() ? "" : " " + s.fields();
      String spec = part + (!part.isEmpty() && !text.isEmpty() ? " " : "") + text + fields;
      return (b.peek() ? "BODY.PEEK[" : "BODY[") + spec + "] " + partial(b.partial());
    }
    if (a instanceof FetchAttribute.Binary b) {
      return (b.peek() ? "BINARY.PEEK[" : "BINARY[") + join(b.part()) + "] " + partial(b.partial());
    }
    FetchAttribute.BinarySize s = (FetchAttribute.BinarySize) a;
    return "BINARY.SIZE[" + join(s.part()) + "]";
  }

  private static String join(List<Integer> part) {
    return part.stream().map(String::valueOf).collect(Collectors.joining("."));
  }

  private static String partial(java.util.Optional<FetchAttribute.Partial> p) {
    return p.map(x -> "<" + x.offset() + "." + x.length() + ">").orElse("");
  }
}
