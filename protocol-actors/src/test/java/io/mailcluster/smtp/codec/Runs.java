package io.mailcluster.smtp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/** Drives each decoder over a list of chunks and records what it produced, as a value. */
final class Runs {

  private Runs() {}

  /** Commands decoded, and the bytes left undecoded at the end. */
  record CommandRun(List<SmtpCommand> commands, ByteString remainder) {}

  /**
   * Decodes until the input ends or a command switches the connection to content (DATA,
   * BDAT), as the session would; everything after that is the remainder.
   */
  static CommandRun commands(int maxLine, List<ByteString> chunks) {
    CommandLineDecoder decoder = new CommandLineDecoder(maxLine);
    List<SmtpCommand> commands = new ArrayList<>();
    ByteStringBuilder after = new ByteStringBuilder();
    boolean switched = false;
    for (ByteString chunk : chunks) {
      if (switched) {
        after.append(chunk);
        continue;
      }
      decoder.feed(chunk);
      DecodeResult r;
      while (!switched && (r = decoder.next()) instanceof DecodeResult.Decoded d) {
        commands.add(d.command());
        switched = d.command() instanceof SmtpCommand.Data || d.command() instanceof SmtpCommand.Bdat;
      }
    }
    return new CommandRun(commands, decoder.takeRemainder().concat(after.result()));
  }

  /** Content (concatenated), the End (null if not reached), and the bytes after the end. */
  record ContentRun(ByteString content, ContentResult.End end, ByteString remainder, int biggestChunk) {
    /** Chunk sizes depend on the split; compare everything else. */
    ContentRun comparable() {
      return new ContentRun(content, end, remainder, 0);
    }
  }

  interface ContentDecoder {
    void feed(ByteString bytes);

    ContentResult next();

    ByteString takeRemainder();
  }

  static ContentDecoder of(DataDecoder d) {
    return new ContentDecoder() {
      public void feed(ByteString bytes) { d.feed(bytes); }
      public ContentResult next() { return d.next(); }
      public ByteString takeRemainder() { return d.takeRemainder(); }
    };
  }

  static ContentDecoder of(BdatDecoder d) {
    return new ContentDecoder() {
      public void feed(ByteString bytes) { d.feed(bytes); }
      public ContentResult next() { return d.next(); }
      public ByteString takeRemainder() { return d.takeRemainder(); }
    };
  }

  static ContentRun content(Supplier<ContentDecoder> factory, List<ByteString> chunks) {
    ContentDecoder decoder = factory.get();
    ByteStringBuilder content = new ByteStringBuilder();
    ByteStringBuilder after = new ByteStringBuilder();
    ContentResult.End end = null;
    int biggest = 0;
    // a zero-length BDAT chunk is complete before any byte arrives
    if (decoder.next() instanceof ContentResult.End e) {
      end = e;
    }
    for (ByteString chunk : chunks) {
      if (end != null) {
        after.append(chunk); // the transport would hand these to the command decoder
        continue;
      }
      decoder.feed(chunk);
      while (end == null) {
        ContentResult r = decoder.next();
        if (r instanceof ContentResult.Content c) {
          content.append(c.bytes());
          biggest = Math.max(biggest, c.bytes().size());
        } else if (r instanceof ContentResult.End e) {
          end = e;
          after.append(decoder.takeRemainder());
        } else {
          break;
        }
      }
    }
    return new ContentRun(content.result(), end, after.result(), biggest);
  }
}
