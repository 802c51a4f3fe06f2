package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImapStringTest {

  private static String wire(Consumer<ByteStringBuilder> write) {
    ByteStringBuilder out = new ByteStringBuilder();
    write.accept(out);
    return out.result().decodeString(StandardCharsets.UTF_8);
  }

  /** value, UTF-8 allowed, nstring form, astring form. */
  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of(null, false, "NIL", null),
        Arguments.of("", false, "\"\"", "\"\""),
        Arguments.of("INBOX", false, "\"INBOX\"", "INBOX"),
        Arguments.of("NIL", false, "\"NIL\"", "\"NIL\""),
        Arguments.of("nil", false, "\"nil\"", "\"nil\""),
        Arguments.of("a]b", false, "\"a]b\"", "a]b"),
        Arguments.of("two words", false, "\"two words\"", "\"two words\""),
        Arguments.of("say \"hi\"", false, "\"say \\\"hi\\\"\"", "\"say \\\"hi\\\"\""),
        Arguments.of("back\\slash", false, "\"back\\\\slash\"", "\"back\\\\slash\""),
        Arguments.of("50%*", false, "\"50%*\"", "\"50%*\""),
        Arguments.of("(x){y}", false, "\"(x){y}\"", "\"(x){y}\""),
        Arguments.of("tab\there", false, "\"tab\there\"", "\"tab\there\""),
        Arguments.of("line\r\nbreak", false, "{11}\r\nline\r\nbreak", "{11}\r\nline\r\nbreak"),
        Arguments.of("bare\nlf", false, "{7}\r\nbare\nlf", "{7}\r\nbare\nlf"),
        Arguments.of("line\r\nbreak", true, "{11}\r\nline\r\nbreak", "{11}\r\nline\r\nbreak"),
        Arguments.of("Jöran", false, "{6}\r\nJöran", "{6}\r\nJöran"),
        Arguments.of("Jöran", true, "\"Jöran\"", "\"Jöran\""),
        Arguments.of("日本", false, "{6}\r\n日本", "{6}\r\n日本"),
        Arguments.of("a\0b", false, "\"ab\"", "\"ab\""));
  }

  @ParameterizedTest
  @MethodSource
  void forms(String value, boolean utf8, String nstring, String astring) {
    assertEquals(nstring, wire(out -> ImapString.nstring(out, value, utf8)));
    if (value != null) {
      assertEquals(nstring, wire(out -> ImapString.string(out, value, utf8)));
      assertEquals(astring, wire(out -> ImapString.astring(out, value, utf8)));
    }
  }
}
