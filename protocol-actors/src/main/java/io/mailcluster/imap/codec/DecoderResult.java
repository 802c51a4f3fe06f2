package io.mailcluster.imap.codec;

import java.util.Optional;
import org.apache.pekko.util.ByteString;

/** What {@link CommandDecoder#next()} yields. */
public sealed interface DecoderResult {

  /** Everything fed so far is consumed or waits for more octets. */
  record NeedMore() implements DecoderResult {}

  /** One complete command. */
  record Decoded(ImapCommand command) implements DecoderResult {}

  /**
   * The client sent a synchronizing literal {n} (not an APPEND message) and waits: the
   * session answers "+ " (or rejects the command; then call {@link CommandDecoder#rejectLiteral()}).
   */
  record ContinuationNeeded(String tag) implements DecoderResult {}

  /**
   * The head of an APPEND; its message follows as {@link AppendChunk}s and one
   * {@link AppendEnd}. For a synchronizing literal the session answers "+ " to get the
   * message, or NO and calls {@link CommandDecoder#rejectLiteral()}.
   */
  record AppendStart(ImapCommand.Append append) implements DecoderResult {}

  /** Message octets, never empty; together exactly the literal's size. */
  record AppendChunk(ByteString bytes) implements DecoderResult {}

  /** The message and the line end after it arrived: the APPEND is complete. */
  record AppendEnd(String tag) implements DecoderResult {}

  /** The line after a continuation request ({@link CommandDecoder#expectContinuationLine()}). */
  record ContinuationLine(String text) implements DecoderResult {
    @Override
    public String toString() {
      return "ContinuationLine[<" + text.length() + " chars>]"; // SASL responses hold secrets
    }
  }

  /**
   * The command is refused; {@code tag} when it was readable. After an error inside an
   * APPEND message the chunks already handed out are to be discarded.
   */
  record Failed(Optional<String> tag, CommandError error, String detail) implements DecoderResult {}

  NeedMore NEED_MORE = new NeedMore();
}
