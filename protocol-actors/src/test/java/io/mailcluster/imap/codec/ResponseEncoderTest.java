package io.mailcluster.imap.codec;

import static io.mailcluster.imap.codec.ImapResponse.Condition.BAD;
import static io.mailcluster.imap.codec.ImapResponse.Condition.BYE;
import static io.mailcluster.imap.codec.ImapResponse.Condition.NO;
import static io.mailcluster.imap.codec.ImapResponse.Condition.OK;
import static io.mailcluster.imap.codec.ImapResponse.Condition.PREAUTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mailcluster.imap.codec.ImapResponse.StatusItem;
import io.mailcluster.imap.codec.ImapResponse.StatusValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseEncoderTest {

  static String wire(ImapResponse response, EncoderOptions options) {
    return new ResponseEncoder(options).encode(response).utf8String();
  }

  private static Arguments rev1(ImapResponse response, String expected) {
    return Arguments.of(response, EncoderOptions.REV1, expected);
  }

  private static Arguments rev2(ImapResponse response, String expected) {
    return Arguments.of(response, EncoderOptions.REV2, expected);
  }

  private static ImapResponse.Tagged tagged(String tag, ImapResponse.Condition c, ResponseCode code, String text) {
    return new ImapResponse.Tagged(tag, c, code, text);
  }

  static Stream<Arguments> statusResponses() {
    return Stream.of(
        rev1(tagged("a1", OK, null, "LOGIN completed"), "a1 OK LOGIN completed\r\n"),
        rev1(tagged("a2", NO, ResponseCode.TRYCREATE, "no such mailbox"), "a2 NO [TRYCREATE] no such mailbox\r\n"),
        rev1(tagged("A003", BAD, ResponseCode.PARSE, "unexpected ')'"), "A003 BAD [PARSE] unexpected ')'\r\n"),
        rev1(tagged("a4", OK, ResponseCode.READ_WRITE, "SELECT completed"), "a4 OK [READ-WRITE] SELECT completed\r\n"),
        rev1(tagged("a5", OK, ResponseCode.READ_ONLY, "EXAMINE completed"), "a5 OK [READ-ONLY] EXAMINE completed\r\n"),
        rev1(tagged("a6", OK, ResponseCode.appendUid(38505, "3955"), "APPEND completed"),
            "a6 OK [APPENDUID 38505 3955] APPEND completed\r\n"),
        rev1(tagged("a7", OK, ResponseCode.copyUid(38505, "304,319:320", "3956:3958"), "Done"),
            "a7 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n"),
        rev1(tagged("a8", OK, ResponseCode.modified("7,9"), "Conditional STORE failed"),
            "a8 OK [MODIFIED 7,9] Conditional STORE failed\r\n"),
        rev1(tagged("a9", NO, ResponseCode.badCharset(List.of("UTF-8", "US-ASCII")), "charset"),
            "a9 NO [BADCHARSET (UTF-8 US-ASCII)] charset\r\n"),
        rev1(tagged("b1", NO, ResponseCode.badCharset(List.of()), "charset"), "b1 NO [BADCHARSET] charset\r\n"),
        rev1(tagged("b2", NO, ResponseCode.AUTHENTICATIONFAILED, "Authentication failed"),
            "b2 NO [AUTHENTICATIONFAILED] Authentication failed\r\n"),
        rev1(tagged("b3", NO, ResponseCode.OVERQUOTA, "Quota exceeded"), "b3 NO [OVERQUOTA] Quota exceeded\r\n"),
        rev1(tagged("b4", NO, ResponseCode.UNAVAILABLE, "Try later"), "b4 NO [UNAVAILABLE] Try later\r\n"),
        rev1(tagged("b5", NO, ResponseCode.ALREADYEXISTS, "exists"), "b5 NO [ALREADYEXISTS] exists\r\n"),
        rev1(tagged("b6", NO, ResponseCode.NONEXISTENT, "none"), "b6 NO [NONEXISTENT] none\r\n"),
        rev1(tagged("b7", NO, ResponseCode.TOOBIG, "too big"), "b7 NO [TOOBIG] too big\r\n"),
        rev1(tagged("b8", NO, ResponseCode.INUSE, "busy"), "b8 NO [INUSE] busy\r\n"),
        rev1(tagged("b9", NO, ResponseCode.CANNOT, "cannot"), "b9 NO [CANNOT] cannot\r\n"),
        rev1(tagged("c1", NO, ResponseCode.LIMIT, "limit"), "c1 NO [LIMIT] limit\r\n"),
        rev1(tagged("c2", NO, ResponseCode.SERVERBUG, "bug"), "c2 NO [SERVERBUG] bug\r\n"),
        rev1(tagged("c3", NO, ResponseCode.AUTHORIZATIONFAILED, "no"), "c3 NO [AUTHORIZATIONFAILED] no\r\n"),
        rev1(tagged("c4", OK, ResponseCode.capability(List.of("IMAP4rev1", "IMAP4rev2", "AUTH=PLAIN")), "Logged in"),
            "c4 OK [CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN] Logged in\r\n"),
        rev1(tagged("c5", OK, null, ""), "c5 OK\r\n"),
        rev1(tagged("NIL", OK, null, "odd but valid"), "NIL OK odd but valid\r\n"),
        rev1(tagged("[x]", OK, null, "done"), "[x] OK done\r\n"),
        rev1(tagged("c6", OK, null, "Grüße"), "c6 OK Gr??e\r\n"),
        Arguments.of(tagged("c7", OK, null, "Grüße 😀"), new EncoderOptions(false, true), "c7 OK Gr??e ?\r\n"),
        rev2(tagged("c8", OK, null, "Grüße 😀"), "c8 OK Grüße 😀\r\n"),
        rev1(new ImapResponse.Continuation("naïve"), "+ na?ve\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.uidValidity(3857529045L), "UIDs valid"),
            "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.uidNext(4392), "Predicted next UID"),
            "* OK [UIDNEXT 4392] Predicted next UID\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.unseen(12), "first unseen"), "* OK [UNSEEN 12] first unseen\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.highestModSeq(715194045007L), "Highest"),
            "* OK [HIGHESTMODSEQ 715194045007] Highest\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.NOMODSEQ, "Sorry, no modseqs"),
            "* OK [NOMODSEQ] Sorry, no modseqs\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.CLOSED, "Previous mailbox closed"),
            "* OK [CLOSED] Previous mailbox closed\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.permanentFlags(List.of("\\Deleted", "\\Seen", "$Junk", "\\*")),
            "Limited"), "* OK [PERMANENTFLAGS (\\Deleted \\Seen $Junk \\*)] Limited\r\n"),
        rev1(new ImapResponse.Untagged(OK, ResponseCode.ALERT, "System shutdown in 10 minutes"),
            "* OK [ALERT] System shutdown in 10 minutes\r\n"),
        rev1(new ImapResponse.Untagged(NO, null, "Disk is 98% full"), "* NO Disk is 98% full\r\n"),
        rev1(new ImapResponse.Untagged(BAD, null, "Empty command line"), "* BAD Empty command line\r\n"),
        rev1(new ImapResponse.Untagged(BYE, null, "Autologout; idle for too long"), "* BYE Autologout; idle for too long\r\n"),
        rev1(new ImapResponse.Untagged(PREAUTH, null, "IMAP4rev2 server logged in as Smith"),
            "* PREAUTH IMAP4rev2 server logged in as Smith\r\n"),
        rev1(new ImapResponse.Continuation("Ready for additional command text"),
            "+ Ready for additional command text\r\n"),
        rev1(new ImapResponse.Continuation(""), "+ \r\n"),
        rev1(new ImapResponse.Continuation("YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ="),
            "+ YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=\r\n"));
  }

  static Stream<Arguments> dataResponses() {
    Map<String, String> id = new LinkedHashMap<>();
    id.put("name", "mail-cluster");
    id.put("version", "1.0");
    id.put("support-url", null);
    return Stream.of(
        rev1(new ImapResponse.Capability(List.of("IMAP4rev1", "IMAP4rev2", "STARTTLS", "AUTH=PLAIN", "LOGINDISABLED")),
            "* CAPABILITY IMAP4rev1 IMAP4rev2 STARTTLS AUTH=PLAIN LOGINDISABLED\r\n"),
        rev2(new ImapResponse.Enabled(List.of("IMAP4rev2")), "* ENABLED IMAP4rev2\r\n"),
        rev1(new ImapResponse.Enabled(List.of()), "* ENABLED\r\n"),
        rev1(new ImapResponse.Exists(23), "* 23 EXISTS\r\n"),
        rev1(new ImapResponse.Recent(5), "* 5 RECENT\r\n"),
        rev1(new ImapResponse.Expunge(3), "* 3 EXPUNGE\r\n"),
        rev1(new ImapResponse.Vanished(false, "405,407,410:425"), "* VANISHED 405,407,410:425\r\n"),
        rev1(new ImapResponse.Vanished(true, "41,43:116"), "* VANISHED (EARLIER) 41,43:116\r\n"),
        rev1(new ImapResponse.Flags(List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft")),
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"),
        rev1(new ImapResponse.Flags(List.of()), "* FLAGS ()\r\n"),
        rev1(list(List.of("\\HasNoChildren"), '/', "INBOX"), "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"),
        rev1(list(List.of(), '/', "Sent Items"), "* LIST () \"/\" \"Sent Items\"\r\n"),
        rev1(list(List.of("\\Noselect"), null, ""), "* LIST (\\Noselect) NIL \"\"\r\n"),
        rev1(list(List.of("\\Sent", "\\HasChildren"), '.', "Entwürfe"), "* LIST (\\Sent \\HasChildren) \".\" Entw&APw-rfe\r\n"),
        rev2(list(List.of("\\Sent"), '.', "Entwürfe"), "* LIST (\\Sent) \".\" \"Entwürfe\"\r\n"),
        Arguments.of(list(List.of(), '/', "Entwürfe"), new EncoderOptions(false, true), "* LIST () \"/\" \"Entwürfe\"\r\n"),
        rev1(list(List.of(), '\\', "a\"b"), "* LIST () \"\\\\\" \"a\\\"b\"\r\n"),
        rev1(new ImapResponse.ListItem(false, List.of("\\NonExistent"), '/', "Fruit",
                List.of(new ImapResponse.ChildInfo(List.of("SUBSCRIBED")))),
            "* LIST (\\NonExistent) \"/\" Fruit (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n"),
        rev2(new ImapResponse.ListItem(false, List.of(), '/', "Färg", List.of(new ImapResponse.OldName("Farg"))),
            "* LIST () \"/\" \"Färg\" (\"OLDNAME\" (Farg))\r\n"),
        rev1(new ImapResponse.ListItem(true, List.of(), '/', "#news.comp.mail.mime", List.of()),
            "* LSUB () \"/\" #news.comp.mail.mime\r\n"),
        rev1(new ImapResponse.MailboxStatus("blurdybloop", List.of(new StatusValue(StatusItem.MESSAGES, 231),
                new StatusValue(StatusItem.UIDNEXT, 44292))),
            "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n"),
        rev2(new ImapResponse.MailboxStatus("Gelöscht", List.of(new StatusValue(StatusItem.SIZE, 1024),
                new StatusValue(StatusItem.HIGHESTMODSEQ, 7011231777L), new StatusValue(StatusItem.DELETED, 0))),
            "* STATUS \"Gelöscht\" (SIZE 1024 HIGHESTMODSEQ 7011231777 DELETED 0)\r\n"),
        rev1(new ImapResponse.MailboxStatus("Gelöscht", List.of()), "* STATUS Gel&APY-scht ()\r\n"),
        rev1(new ImapResponse.Search(List.of(2L, 84L, 882L), null), "* SEARCH 2 84 882\r\n"),
        rev1(new ImapResponse.Search(List.of(), null), "* SEARCH\r\n"),
        rev1(new ImapResponse.Search(List.of(2L, 5L, 6L), 917162500L), "* SEARCH 2 5 6 (MODSEQ 917162500)\r\n"),
        rev2(new ImapResponse.ESearch("A282", false, 2L, null, null, 3L, null), "* ESEARCH (TAG \"A282\") MIN 2 COUNT 3\r\n"),
        rev2(new ImapResponse.ESearch("A283", true, null, null, "43:49,51", null, null),
            "* ESEARCH (TAG \"A283\") UID ALL 43:49,51\r\n"),
        rev2(new ImapResponse.ESearch("a", false, 1L, 9L, "1,9", 2L, 5L),
            "* ESEARCH (TAG \"a\") MIN 1 MAX 9 ALL 1,9 COUNT 2 MODSEQ 5\r\n"),
        rev2(new ImapResponse.ESearch(null, false, null, null, null, null, null), "* ESEARCH\r\n"),
        rev1(new ImapResponse.Namespace(List.of(new ImapResponse.NamespaceDescription("", '/')), List.of(), List.of()),
            "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n"),
        rev1(new ImapResponse.Namespace(List.of(new ImapResponse.NamespaceDescription("INBOX.", '.')),
                List.of(new ImapResponse.NamespaceDescription("~", '/')),
                List.of(new ImapResponse.NamespaceDescription("#shared/", '/'),
                    new ImapResponse.NamespaceDescription("#public", null))),
            "* NAMESPACE ((\"INBOX.\" \".\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public\" NIL))\r\n"),
        rev1(new ImapResponse.Id(null), "* ID NIL\r\n"),
        rev1(new ImapResponse.Id(id), "* ID (\"name\" \"mail-cluster\" \"version\" \"1.0\" \"support-url\" NIL)\r\n"));
  }

  private static ImapResponse.ListItem list(List<String> attributes, Character delimiter, String name) {
    return new ImapResponse.ListItem(false, attributes, delimiter, name, List.of());
  }

  @ParameterizedTest
  @MethodSource
  void statusResponses(ImapResponse response, EncoderOptions options, String expected) {
    assertEquals(expected, wire(response, options));
  }

  @ParameterizedTest
  @MethodSource
  void dataResponses(ImapResponse response, EncoderOptions options, String expected) {
    assertEquals(expected, wire(response, options));
  }

  static Stream<Runnable> refusedAtConstruction() {
    return Stream.<Runnable>of(
        () -> new ImapResponse.Tagged("a1", OK, null, "done\r\n* OK forged"),
        () -> new ImapResponse.Tagged("a1", OK, null, "bare\nlf"),
        () -> new ImapResponse.Untagged(NO, null, "bare\rcr"),
        () -> new ImapResponse.Tagged("a1", NO, null, "[ALERT] forged code"),
        () -> new ImapResponse.Untagged(OK, null, "[UIDNEXT 1] forged code"),
        () -> new ImapResponse.Continuation("go\r\n"),
        () -> new ImapResponse.Tagged("a+1", OK, null, "x"),
        () -> new ImapResponse.Tagged("a 1", OK, null, "x"),
        () -> new ImapResponse.Tagged("", OK, null, "x"),
        () -> new ImapResponse.Tagged("*", OK, null, "x"),
        () -> new ImapResponse.Tagged("a1", BYE, null, "x"),
        () -> new ImapResponse.Tagged("a1", PREAUTH, null, "x"),
        () -> new ImapResponse.Vanished(false, "1:2\r\n"),
        () -> new ImapResponse.Fetch(1, List.of()),
        () -> new ImapResponse.ListItem(false, List.of(), '\n', "x", List.of()),
        () -> ResponseCode.uidNext(0),
        () -> ResponseCode.modified("1,2]"),
        () -> ResponseCode.copyUid(1, "1 2", "3"),
        () -> ResponseCode.capability(List.of("IMAP4rev1]")),
        () -> ResponseCode.permanentFlags(List.of("\\See n")),
        () -> new ResponseCode("X", "a\r\nb"),
        () -> new ImapResponse.Capability(List.of("IMAP4rev1", "AUTH=PLAIN\r\n* BYE")),
        () -> new ImapResponse.Enabled(List.of("two words")),
        () -> new ImapResponse.ESearch("a\"b", false, null, null, null, null, null));
  }

  @ParameterizedTest
  @MethodSource
  void refusedAtConstruction(Runnable construct) {
    assertThrows(IllegalArgumentException.class, construct::run);
  }

  @Test
  void refusesRecentToAnImap4rev2Client() {
    var encoder = new ResponseEncoder(EncoderOptions.REV2);
    assertThrows(IllegalArgumentException.class, () -> encoder.encode(new ImapResponse.Recent(1)));
  }

  @Test
  void refusesFlagsThatAreNotAtoms() {
    var encoder = new ResponseEncoder(EncoderOptions.REV1);
    assertThrows(IllegalArgumentException.class,
        () -> encoder.encode(new ImapResponse.Flags(List.of("\\Seen", "two words"))));
  }
}
