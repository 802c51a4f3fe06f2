package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Runs a {@link CommandDecoder} over an input as a session would and describes what came
 * out as short strings, so tables stay readable. The input is fed whole, split in two at
 * every byte position and one byte at a time: the results must not depend on the split.
 */
final class Decoding {

  private Decoding() {}

  static final ImapSettings SETTINGS = new ImapSettings(128, 1000, 16, 4);

  static List<String> everySplit(ImapSettings settings, String input) {
    return everySplit(settings, input.getBytes(StandardCharsets.UTF_8), false);
  }

  /** @param reject the session refuses every synchronizing literal (NO instead of "+") */
  static List<String> everySplit(ImapSettings settings, byte[] input, boolean reject) {
    ByteString all = ByteString.fromArray(input);
    List<String> whole = run(settings, List.of(all), reject);
    for (int cut = 0; cut <= input.length; cut++) {
      assertEquals(whole, run(settings, List.of(all.take(cut), all.drop(cut)), reject), "split at byte " + cut);
    }
    List<ByteString> bytes = new ArrayList<>();
    for (int i = 0; i < input.length; i++) {
      bytes.add(all.slice(i, i + 1));
    }
    assertEquals(whole, run(settings, bytes, reject), "fed one byte at a time");
    return whole;
  }

  static List<String> run(ImapSettings settings, List<ByteString> chunks, boolean reject) {
    CommandDecoder decoder = new CommandDecoder(settings);
    List<String> out = new ArrayList<>();
    ByteStringBuilder message = null;
    for (ByteString chunk : chunks) {
      decoder.feed(chunk);
      DecoderResult r;
      while (!((r = decoder.next()) instanceof DecoderResult.NeedMore)) {
        if (r instanceof DecoderResult.AppendChunk c) {
          message.append(c.bytes()); // chunk sizes depend on the split: joined
          continue;
        }
        if (message != null) {
          out.add("message " + message.result().utf8String());
          message = null;
        }
        out.add(describe(r));
        if (r instanceof DecoderResult.AppendStart s) {
          message = new ByteStringBuilder();
          if (reject && s.append().synchronizing()) {
            decoder.rejectLiteral();
            message = null;
          }
        } else if (r instanceof DecoderResult.ContinuationNeeded && reject) {
          decoder.rejectLiteral();
        } else if (r instanceof DecoderResult.Decoded d && d.command() instanceof ImapCommand.Authenticate) {
          decoder.expectContinuationLine();
        }
      }
    }
    if (message != null) {
      out.add("partial message " + message.result().utf8String());
    }
    return out;
  }

  static String describe(DecoderResult r) {
    if (r instanceof DecoderResult.Decoded d) {
      return d.command().toString();
    }
    if (r instanceof DecoderResult.Failed f) {
      return "Failed " + f.tag().orElse("*") + " " + f.error();
    }
    if (r instanceof DecoderResult.ContinuationNeeded c) {
      return "+ " + c.tag();
    }
    if (r instanceof DecoderResult.AppendStart s) {
      return "AppendStart " + s.append();
    }
    if (r instanceof DecoderResult.AppendEnd e) {
      return "AppendEnd " + e.tag();
    }
    if (r instanceof DecoderResult.ContinuationLine l) {
      return "line " + l.text();
    }
    return r.toString();
  }
}
