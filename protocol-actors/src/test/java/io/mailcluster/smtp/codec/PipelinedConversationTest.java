package io.mailcluster.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.api.Test;

/**
 * The three decoders handing the byte stream to one another as a session will: commands
 * until DATA or BDAT, then content until its end, then commands again. Whatever the split,
 * every byte lands with the right decoder.
 */
class PipelinedConversationTest {

  /** What the client said, as readable events: commands, and each message's content. */
  private static List<String> converse(List<ByteString> chunks) {
    List<String> events = new ArrayList<>();
    CommandLineDecoder commands = new CommandLineDecoder(512);
    DataDecoder data = null;
    BdatDecoder bdat = null;
    ByteStringBuilder content = new ByteStringBuilder();
    ByteString input = ByteString.emptyByteString();
    for (ByteString chunk : chunks) {
      input = input.concat(chunk);
      boolean progress = true;
      while (progress) {
        progress = false;
        if (data == null && bdat == null) {
          commands.feed(input);
          input = ByteString.emptyByteString();
          if (commands.next() instanceof DecodeResult.Decoded d) {
            events.add(d.command().toString());
            progress = true;
            if (d.command() instanceof SmtpCommand.Data) {
              data = new DataDecoder(1 << 20, 1000, BareLineEndingPolicy.REJECT);
              input = commands.takeRemainder();
            } else if (d.command() instanceof SmtpCommand.Bdat b) {
              bdat = new BdatDecoder(b.chunkSize());
              input = commands.takeRemainder();
            }
          }
        } else {
          ContentResult r;
          if (data != null) {
            data.feed(input);
            r = data.next();
          } else {
            bdat.feed(input);
            r = bdat.next();
          }
          input = ByteString.emptyByteString();
          if (r instanceof ContentResult.Content c) {
            content.append(c.bytes());
            progress = true;
          } else if (r instanceof ContentResult.End e) {
            events.add("content[" + content.result().utf8String() + "] " + e);
            content = new ByteStringBuilder();
            input = data != null ? data.takeRemainder() : bdat.takeRemainder();
            data = null;
            bdat = null;
            progress = true;
          }
        }
      }
    }
    return events;
  }

  @Test
  void pipelinedDataTransactionThenBdatTransaction() {
    String wire = "EHLO c.example\r\n"
        + "MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n"
        + "Subject: one\r\n\r\n..dot\r\n.\r\n"
        + "MAIL FROM:<a@b.example> BODY=BINARYMIME\r\nRCPT TO:<x@y.example>\r\n"
        + "BDAT 6\r\nx\r\n.\r\n"
        + "BDAT 3 LAST\r\nyz\nQUIT\r\n";
    List<String> events = Splits.sameForEverySplit(wire, PipelinedConversationTest::converse);
    assertEquals(List.of(
        "Ehlo[domain=c.example]",
        "Mail[reversePath=a@b.example, size=OptionalLong.empty, body=SEVEN_BIT, smtpUtf8=false]",
        "Rcpt[forwardPath=x@y.example]",
        "Data[]",
        "content[Subject: one\r\n\r\n.dot\r\n] End[size=22, rejection=Optional.empty]",
        "Mail[reversePath=a@b.example, size=OptionalLong.empty, body=BINARY_MIME, smtpUtf8=false]",
        "Rcpt[forwardPath=x@y.example]",
        "Bdat[chunkSize=6, last=false]",
        "content[x\r\n.\r\n] End[size=6, rejection=Optional.empty]",
        "Bdat[chunkSize=3, last=true]",
        "content[yz\n] End[size=3, rejection=Optional.empty]",
        "Quit[]"), events);
  }
}
