package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One row per command form: the line (CRLF added) and the command's toString, or the
 * error. Every row goes through the decoder, split at every byte position.
 */
class CommandParserTest {

  private static final ImapSettings SETTINGS = new ImapSettings(512, 1000, 64, 8);

  private static String decode(String line) {
    List<String> out = Decoding.everySplit(SETTINGS, line + "\r\n");
    assertEquals(1, out.size(), out.toString());
    return out.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a CAPABILITY|Capability[tag=a]",
      "a capability|Capability[tag=a]",
      "A.1] NOOP|Noop[tag=A.1]]",
      "a LOGOUT|Logout[tag=a]",
      "a NAMESPACE|Namespace[tag=a]",
      "a IDLE|Idle[tag=a]",
      "done|Done[tag=]",
      "a CHECK|Check[tag=a]",
      "a CLOSE|Close[tag=a]",
      "a UNSELECT|Unselect[tag=a]",
      "a EXPUNGE|Expunge[tag=a, uids=Optional.empty]",
      "a UID EXPUNGE 3:5,7|Expunge[tag=a, uids=Optional[3:5,7]]",
      "a LOGIN alice secret|Login[tag=a, user=alice]",
      "a LOGIN \"al ice\" \"p\\\"w\"|Login[tag=a, user=al ice]",
      "a AUTHENTICATE plain|Authenticate[tag=a, mechanism=PLAIN]",
      "a AUTHENTICATE PLAIN AGFAYg==|Authenticate[tag=a, mechanism=PLAIN, <initial response>]",
      "a AUTHENTICATE PLAIN =|Authenticate[tag=a, mechanism=PLAIN, <initial response>]",
      "a ENABLE CONDSTORE utf8=accept|Enable[tag=a, capabilities=[CONDSTORE, UTF8=ACCEPT]]",
      "a SELECT inbox|Select[tag=a, mailbox=INBOX, readOnly=false, condStore=false, qresync=Optional.empty]",
      "a EXAMINE \"Sent Items\"|Select[tag=a, mailbox=Sent Items, readOnly=true, condStore=false, qresync=Optional.empty]",
      "a SELECT Lists/&AOQ- (CONDSTORE)|Select[tag=a, mailbox=Lists/&AOQ-, readOnly=false, condStore=true, qresync=Optional.empty]",
      "a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))|Select[tag=a, mailbox=INBOX, readOnly=false, condStore=false, qresync=Optional[QResync[uidValidity=67890007, modSeq=20050715194045000, knownUids=Optional[41,43:211,214:541], seqMatch=Optional.empty, uidMatch=Optional.empty]]]",
      "a SELECT INBOX (QRESYNC (1 2 1:9 (1:3 10,20,30)))|Select[tag=a, mailbox=INBOX, readOnly=false, condStore=false, qresync=Optional[QResync[uidValidity=1, modSeq=2, knownUids=Optional[1:9], seqMatch=Optional[1:3], uidMatch=Optional[10,20,30]]]]",
      "a SELECT INBOX (QRESYNC (1 2 (1:3 10,20,30)))|Select[tag=a, mailbox=INBOX, readOnly=false, condStore=false, qresync=Optional[QResync[uidValidity=1, modSeq=2, knownUids=Optional.empty, seqMatch=Optional[1:3], uidMatch=Optional[10,20,30]]]]",
      "a CREATE Archive/2024|Create[tag=a, mailbox=Archive/2024, specialUse=[]]",
      "a CREATE Junk (USE (\\Junk))|Create[tag=a, mailbox=Junk, specialUse=[\\Junk]]",
      "a DELETE Old|Delete[tag=a, mailbox=Old]",
      "a RENAME Old New|Rename[tag=a, from=Old, to=New]",
      "a SUBSCRIBE \"a b\"|Subscribe[tag=a, mailbox=a b]",
      "a UNSUBSCRIBE x|Unsubscribe[tag=a, mailbox=x]",
      "a LIST \"\" *|ListMailboxes[tag=a, selection=[], reference=, patterns=[*], returnOptions=[], statusItems=[]]",
      "a LIST \"\" %/x]|ListMailboxes[tag=a, selection=[], reference=, patterns=[%/x]], returnOptions=[], statusItems=[]]",
      "a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX* Lists/%)|ListMailboxes[tag=a, selection=[SUBSCRIBED, RECURSIVEMATCH], reference=, patterns=[INBOX*, Lists/%], returnOptions=[], statusItems=[]]",
      "a LIST () \"\" % RETURN (CHILDREN SPECIAL-USE)|ListMailboxes[tag=a, selection=[], reference=, patterns=[%], returnOptions=[CHILDREN, SPECIAL-USE], statusItems=[]]",
      "a LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))|ListMailboxes[tag=a, selection=[], reference=, patterns=[%], returnOptions=[STATUS], statusItems=[MESSAGES, UNSEEN]]",
      "a LIST (SPECIAL-USE) \"\" *|ListMailboxes[tag=a, selection=[SPECIAL-USE], reference=, patterns=[*], returnOptions=[], statusItems=[]]",
      "a LSUB \"\" *|Lsub[tag=a, reference=, pattern=*]",
      "a STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE RECENT HIGHESTMODSEQ)|Status[tag=a, mailbox=INBOX, items=[MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, RECENT, HIGHESTMODSEQ]]",
      "a COPY 1:* Trash|Copy[tag=a, uid=false, set=1:*, mailbox=Trash]",
      "a UID COPY $ Trash|Copy[tag=a, uid=true, set=$, mailbox=Trash]",
      "a MOVE 4:2 Archive|Move[tag=a, uid=false, set=4:2, mailbox=Archive]",
      "a uid move *:10 \"A b\"|Move[tag=a, uid=true, set=*:10, mailbox=A b]",
      "a ID NIL|Id[tag=a, parameters=Optional.empty]",
      "a ID (\"name\" \"mutt\" \"version\" NIL)|Id[tag=a, parameters=Optional[{name=mutt, version=null}]]",
      "a ID ()|Id[tag=a, parameters=Optional[{}]]",
  })
  void parsesCommands(String line, String expected) {
    assertEquals(expected, decode(line));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a FETCH 1 FLAGS|[FLAGS]",
      "a FETCH 1 (FLAGS UID)|[FLAGS, UID]",
      "a FETCH 1 ALL|[FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE]",
      "a FETCH 1 fast|[FLAGS, INTERNALDATE, RFC822_SIZE]",
      "a FETCH 1 FULL|[FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY]",
      "a FETCH 1 (INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY MODSEQ RFC822 RFC822.HEADER RFC822.TEXT)|[INTERNALDATE, RFC822_SIZE, ENVELOPE, BODYSTRUCTURE, BODY, MODSEQ, RFC822, RFC822_HEADER, RFC822_TEXT]",
      "a FETCH 1 BODY[]|[BODY[] ]",
      "a FETCH 1 BODY.PEEK[]<0.1024>|[BODY.PEEK[] <0.1024>]",
      "a FETCH 1 BODY[HEADER]|[BODY[HEADER] ]",
      "a FETCH 1 BODY[TEXT]|[BODY[TEXT] ]",
      "a FETCH 1 body.peek[header.fields (From To \"Subject\")]|[BODY.PEEK[HEADER_FIELDS [FROM, TO, SUBJECT]] ]",
      "a FETCH 1 BODY[HEADER.FIELDS.NOT (Received)]|[BODY[HEADER_FIELDS_NOT [RECEIVED]] ]",
      "a FETCH 1 BODY[1.2.3]|[BODY[1.2.3] ]",
      "a FETCH 1 BODY[1.2.MIME]<10.5>|[BODY[1.2 MIME] <10.5>]",
      "a FETCH 1 BODY[4.HEADER.FIELDS (X)]|[BODY[4 HEADER_FIELDS [X]] ]",
      "a FETCH 1 (BINARY[1] BINARY.PEEK[]<0.10> BINARY.SIZE[2.1])|[BINARY[1] , BINARY.PEEK[] <0.10>, BINARY.SIZE[2.1]]",
  })
  void parsesFetchItems(String line, String expected) {
    DecoderResult r = decodeResult(line);
    ImapCommand.Fetch fetch = (ImapCommand.Fetch) ((DecoderResult.Decoded) r).command();
    assertEquals(expected, FetchItems.describe(fetch.attributes()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a FETCH 1:* FLAGS|Fetch[tag=a, uid=false, set=1:*, attributes=[Simple[item=FLAGS]], changedSince=OptionalLong.empty, vanished=false]",
      "a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)|Fetch[tag=a, uid=true, set=1:*, attributes=[Simple[item=FLAGS]], changedSince=OptionalLong[12345], vanished=true]",
      "a STORE 2:4 +FLAGS (\\Deleted)|Store[tag=a, uid=false, set=2:4, unchangedSince=OptionalLong.empty, mode=ADD, silent=false, flags=[\\Deleted]]",
      "a STORE 1 -FLAGS.SILENT \\Seen $Junk|Store[tag=a, uid=false, set=1, unchangedSince=OptionalLong.empty, mode=REMOVE, silent=true, flags=[\\Seen, $Junk]]",
      "a UID STORE 7 (UNCHANGEDSINCE 320162338) FLAGS ()|Store[tag=a, uid=true, set=7, unchangedSince=OptionalLong[320162338], mode=REPLACE, silent=false, flags=[]]",
  })
  void parsesFetchAndStore(String line, String expected) {
    assertEquals(expected, decode(line));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a SEARCH ALL|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=All[]]",
      "a UID SEARCH 1:5 UNSEEN|Search[tag=a, uid=true, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[Sequence[set=1:5], Flag[flag=\\Seen, set=false]]]]",
      "a SEARCH RETURN (MIN MAX COUNT SAVE) DELETED|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional[[MIN, MAX, COUNT, SAVE]], key=Flag[flag=\\Deleted, set=true]]",
      "a SEARCH RETURN () ALL|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional[[]], key=All[]]",
      "a SEARCH CHARSET utf-8 SUBJECT \"grüße\"|Search[tag=a, uid=false, charset=Optional[UTF-8], returnOptions=Optional.empty, key=Header[field=SUBJECT, value=grüße]]",
      "a SEARCH OR FROM alice NOT TO bob|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=Or[left=Header[field=FROM, value=alice], right=Not[key=Header[field=TO, value=bob]]]]",
      "a SEARCH (CC x BCC y) HEADER list-id \"<l.example>\"|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[And[keys=[Header[field=CC, value=x], Header[field=BCC, value=y]]], Header[field=LIST-ID, value=<l.example>]]]]",
      "a SEARCH BODY x TEXT y|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[Body[value=x], Text[value=y]]]]",
      "a SEARCH SINCE 1-Feb-2024 BEFORE \"15-mar-2024\" ON 29-Feb-2024|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[Date[field=INTERNAL, relation=SINCE, date=2024-02-01], Date[field=INTERNAL, relation=BEFORE, date=2024-03-15], Date[field=INTERNAL, relation=ON, date=2024-02-29]]]]",
      "a SEARCH SENTSINCE 1-Jan-2000 SENTBEFORE 2-Jan-2000 SENTON 3-Jan-2000|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[Date[field=SENT, relation=SINCE, date=2000-01-01], Date[field=SENT, relation=BEFORE, date=2000-01-02], Date[field=SENT, relation=ON, date=2000-01-03]]]]",
      "a SEARCH LARGER 100 SMALLER 200 UID 1:* $|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[Size[larger=true, size=100], Size[larger=false, size=200], Uid[set=1:*], Sequence[set=$]]]]",
      "a SEARCH ANSWERED DRAFT FLAGGED SEEN RECENT NEW OLD|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[Flag[flag=\\Answered, set=true], Flag[flag=\\Draft, set=true], Flag[flag=\\Flagged, set=true], Flag[flag=\\Seen, set=true], Flag[flag=\\Recent, set=true], New[], Old[]]]]",
      "a SEARCH UNANSWERED UNDELETED UNDRAFT UNFLAGGED KEYWORD $Junk UNKEYWORD x|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=And[keys=[Flag[flag=\\Answered, set=false], Flag[flag=\\Deleted, set=false], Flag[flag=\\Draft, set=false], Flag[flag=\\Flagged, set=false], Flag[flag=$Junk, set=true], Flag[flag=x, set=false]]]]",
      "a SEARCH MODSEQ 620162338|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=ModSeq[entryName=Optional.empty, entryType=Optional.empty, modSeq=620162338]]",
      "a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338|Search[tag=a, uid=false, charset=Optional.empty, returnOptions=Optional.empty, key=ModSeq[entryName=Optional[/flags/\\draft], entryType=Optional[ALL], modSeq=620162338]]",
  })
  void parsesSearch(String line, String expected) {
    assertEquals(expected, decode(line));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a|Failed a SYNTAX",
      "a  NOOP|Failed a SYNTAX",
      "a NOOP extra|Failed a SYNTAX",
      "a* NOOP|Failed * SYNTAX",
      "a UID NOOP|Failed a SYNTAX",
      "a LOGIN alice|Failed a SYNTAX",
      "a LOGIN \"alice|Failed a SYNTAX",
      "a LOGIN \"a\\lice\" x|Failed a SYNTAX",
      "a ENABLE|Failed a SYNTAX",
      "a SELECT|Failed a SYNTAX",
      "a SELECT INBOX (FOO)|Failed a SYNTAX",
      "a SELECT INBOX (QRESYNC (0 1))|Failed a SYNTAX",
      "a RENAME x|Failed a SYNTAX",
      "a LIST (RECURSIVEMATCH) \"\" *|Failed a SYNTAX",
      "a LIST (BOGUS) \"\" *|Failed a SYNTAX",
      "a LIST \"\" * RETURN (STATUS ())|Failed a SYNTAX",
      "a STATUS INBOX (FOO)|Failed a SYNTAX",
      "a STATUS INBOX ()|Failed a SYNTAX",
      "a COPY 0 Trash|Failed a SYNTAX",
      "a COPY 1: Trash|Failed a SYNTAX",
      "a COPY 4294967296 Trash|Failed a SYNTAX",
      "a MOVE 1|Failed a SYNTAX",
      "a FETCH 1|Failed a SYNTAX",
      "a FETCH 1 ()|Failed a SYNTAX",
      "a FETCH 1 FOO|Failed a SYNTAX",
      "a FETCH 1 FLAGS[]|Failed a SYNTAX",
      "a FETCH 1 BODY[MIME]|Failed a SYNTAX",
      "a FETCH 1 BODY[0]|Failed a SYNTAX",
      "a FETCH 1 BODY[]<1.0>|Failed a SYNTAX",
      "a FETCH 1 BODY[HEADER.FIELDS ()]|Failed a SYNTAX",
      "a FETCH 1 FLAGS (VANISHED)|Failed a SYNTAX",
      "a UID FETCH 1 FLAGS (VANISHED)|Failed a SYNTAX",
      "a STORE 1 FLAG (\\Seen)|Failed a SYNTAX",
      "a STORE 1 +FLAGS|Failed a SYNTAX",
      "a SEARCH|Failed a SYNTAX",
      "a SEARCH FOO|Failed a SYNTAX",
      "a SEARCH ON 30-Feb-2024|Failed a SYNTAX",
      "a SEARCH ON 1-Foo-2024|Failed a SYNTAX",
      "a SEARCH OR ALL|Failed a SYNTAX",
      "a SEARCH RETURN (BOGUS) ALL|Failed a SYNTAX",
      "a SEARCH CHARSET no-such-charset ALL|Failed a BAD_CHARSET",
      "a SEARCH MODSEQ \"/x\" nope 1|Failed a SYNTAX",
      "a ID (\"k\")|Failed a SYNTAX",
      "a EXPUNGE 1|Failed a SYNTAX",
      "a UID EXPUNGE|Failed a SYNTAX",
      "a UID FETCH 1:*,$ FLAGS|Failed a SYNTAX",
      "a FETCH 1 FLAGS (CHANGEDSINCE x)|Failed a SYNTAX",
  })
  void refusesMalformedCommands(String line, String expected) {
    assertEquals(expected, decode(line));
  }

  /** APPEND heads: flags and date-time (date-day-fixed is two digits or SP DIGIT). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a APPEND INBOX {3}|AppendStart Append[tag=a, mailbox=INBOX, flags=[], internalDate=Optional.empty, size=3, binary=false, synchronizing=true]",
      "a APPEND \"My Box\" () {3+}|AppendStart Append[tag=a, mailbox=My Box, flags=[], internalDate=Optional.empty, size=3, binary=false, synchronizing=false]",
      "a APPEND x (\\Seen $Label1) \"05-Jul-2005 23:59:59 -0730\" ~{3+}|AppendStart Append[tag=a, mailbox=x, flags=[\\Seen, $Label1], internalDate=Optional[2005-07-05T23:59:59-07:30], size=3, binary=true, synchronizing=false]",
      "a APPEND x \" 5-Jul-2005 00:00:00 +0000\" {3}|AppendStart Append[tag=a, mailbox=x, flags=[], internalDate=Optional[2005-07-05T00:00Z], size=3, binary=false, synchronizing=true]",
      "a APPEND x \"5-Jul-2005 00:00:00 +0000\" {3}|Failed a SYNTAX",
      "a APPEND x \"05-Jul-2005 24:00:00 +0000\" {3}|Failed a SYNTAX",
      "a APPEND x \"05-Jul-2005 10:00:00 0000\" {3}|Failed a SYNTAX",
      "a APPEND x \"05-Jul-2005 10:00:00 +2400\" {3}|Failed a SYNTAX",
      "a APPEND x \"31-Jun-2005 10:00:00 +0000\" {3}|Failed a SYNTAX",
      "a APPEND x \"05-Jul-05 10:00:00 +0000\" {3}|Failed a SYNTAX",
      "a APPEND x (\\Seen) (\\Seen) {3}|Failed a SYNTAX",
  })
  void parsesAppendHeads(String line, String expected) {
    List<String> out = Decoding.everySplit(SETTINGS, line + "\r\nabc\r\n");
    assertEquals(expected, out.get(0));
  }

  /** The section text a FETCH response echoes. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "BODY[]|``",
      "BODY.PEEK[HEADER]|HEADER",
      "BODY[1.2.3]|1.2.3",
      "BODY[1.2.MIME]|1.2.MIME",
      "BODY[4.TEXT]|4.TEXT",
      "BODY[header.fields.not (received x-y)]|HEADER.FIELDS.NOT (RECEIVED X-Y)",
      "BODY[2.HEADER.FIELDS (From)]|2.HEADER.FIELDS (FROM)",
  })
  void sectionSpecIsEchoable(String item, String spec) {
    ImapCommand.Fetch fetch = (ImapCommand.Fetch) ((DecoderResult.Decoded) decodeResult("a FETCH 1 " + item)).command();
    assertEquals(spec, ((FetchAttribute.BodySection) fetch.attributes().get(0)).section().spec());
  }

  @Test
  void loginKeepsThePasswordButNeverPrintsIt() {
    ImapCommand.Login login = (ImapCommand.Login) ((DecoderResult.Decoded) decodeResult("a LOGIN alice \"s e\\\\cret\"")).command();
    assertEquals("s e\\cret", login.password());
    assertEquals("Login[tag=a, user=alice]", login.toString());
  }

  @Test
  void searchLiteralIsDecodedWithTheCharset() {
    byte[] head = "a SEARCH CHARSET ISO-8859-1 SUBJECT {2+}\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] input = new byte[head.length + 4];
    System.arraycopy(head, 0, input, 0, head.length);
    input[head.length] = (byte) 0xfc; // u-umlaut in Latin-1
    input[head.length + 1] = 'x';
    input[head.length + 2] = '\r';
    input[head.length + 3] = '\n';
    assertEquals(List.of("Search[tag=a, uid=false, charset=Optional[ISO-8859-1], returnOptions=Optional.empty, "
        + "key=Header[field=SUBJECT, value=\u00fcx]]"), Decoding.everySplit(SETTINGS, input, false));
  }

  private static DecoderResult decodeResult(String line) {
    CommandDecoder decoder = new CommandDecoder(SETTINGS);
    decoder.feed(org.apache.pekko.util.ByteString.fromString(line + "\r\n"));
    decode(line); // the same through every split
    return decoder.next();
  }
}
