package io.mailcluster.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Frames IMAP client commands: lines, and the literals ({n}, {n+}, ~{n}) that continue a
 * command over several lines (RFC 9051 section 4.3, RFC 7888, RFC 3516). Incremental (any
 * split of the input gives the same results) and bounded:
 *
 * <ul>
 *   <li>a command's text outside literals, over all its lines, is at most max-line-length;
 *   <li>its small literals (a LOGIN password, a SEARCH string) together at most
 *       max-line-length too, and a {n+} at most max-nonsync-literal-size (LITERAL-);
 *   <li>the message literal of an APPEND is never buffered: it is handed out in the chunks
 *       it was fed in, at most max-literal-size octets.
 * </ul>
 *
 * <p>After a refused command the decoder stays in step with the client: a synchronizing
 * literal that was refused is never sent, so the next line is a new command; a
 * non-synchronizing literal is on its way regardless, so its octets and the rest of its
 * command are read and dropped.
 *
 * <p>Call {@link #next()} until it returns NeedMore before feeding again.
 */
public final class CommandDecoder {

  private enum State { LINE, LITERAL, APPEND_LITERAL, SKIP_LITERAL, DISCARD_LINE }

  /** A literal marker at the end of a line: {n}, {n+}, ~{n}, ~{n+}. */
  private record Marker(int start, long size, boolean nonSync, boolean binary) {}

  /** Octets kept of a discarded line, enough to find a literal marker at its end. */
  private static final int MARKER_WINDOW = 32;

  private final ImapSettings settings;
  private ByteString pending = ByteString.emptyByteString();
  private int scanned;
  private State state = State.LINE;

  private final List<CommandPart> parts = new ArrayList<>();
  private String tag;
  private int textOctets;
  private int literalOctets;
  private long remaining;
  private ByteStringBuilder literal;
  private boolean afterAppend;
  private boolean literalUntouched;
  private boolean continuationLine;

  public CommandDecoder(ImapSettings settings) {
    this.settings = settings;
  }

  public void feed(ByteString bytes) {
    pending = pending.isEmpty() ? bytes : pending.concat(bytes);
  }

  /**
   * The session refuses the command whose synchronizing literal the decoder just announced
   * (ContinuationNeeded or a synchronizing AppendStart): the client will not send it.
   */
  public void rejectLiteral() {
    if (!literalUntouched || (state != State.LITERAL && state != State.APPEND_LITERAL)) {
      throw new IllegalStateException("no synchronizing literal to reject");
    }
    reset();
  }

  /** The next line is a response to a continuation request (AUTHENTICATE), not a command. */
  public void expectContinuationLine() {
    if (state != State.LINE || !parts.isEmpty()) {
      throw new IllegalStateException("inside a command");
    }
    continuationLine = true;
  }

  /** Octets held right now (unread input and small literals): for limits, metrics and tests. */
  public int bufferedOctets() {
    return pending.size() + (literal == null ? 0 : literal.length());
  }

  public DecoderResult next() {
    while (true) {
      DecoderResult r = switch (state) {
        case LINE -> line();
        case LITERAL -> literal();
        case APPEND_LITERAL -> appendLiteral();
        case SKIP_LITERAL -> skipLiteral();
        case DISCARD_LINE -> discardLine();
      };
      if (r != null) {
        return r;
      }
    }
  }

  /** Looks for the end of the current line; null when the state changed without a result. */
  private DecoderResult line() {
    int n = pending.size();
    int budget = settings.maxLineLength() - textOctets;
    for (int i = scanned; i < n; i++) {
      boolean lf = pending.apply(i) == '\n';
      // a line that has not ended at byte i is at least i + 2 octets long
      if ((lf ? i + 1 : i + 2) > budget) {
        if (tag == null && parts.isEmpty()) {
          tag = tagOf(pending.slice(0, i), false);
        }
        DecoderResult failed = fail(CommandError.LINE_TOO_LONG, "command line too long");
        continuationLine = false;
        state = State.DISCARD_LINE;
        pending = pending.drop(Math.max(0, i - MARKER_WINDOW)); // byte i is looked at again
        scanned = 0;
        return failed;
      }
      if (lf) {
        ByteString raw = pending.slice(0, i > 0 && pending.apply(i - 1) == '\r' ? i - 1 : i);
        pending = pending.drop(i + 1);
        scanned = 0;
        textOctets += i + 1;
        return endOfLine(raw);
      }
    }
    scanned = n;
    pending = pending.compact(); // a line may arrive in many small pieces
    return DecoderResult.NEED_MORE;
  }

  private DecoderResult endOfLine(ByteString raw) {
    if (continuationLine) {
      continuationLine = false;
      String text = utf8(raw);
      reset();
      return text == null
          ? new DecoderResult.Failed(Optional.empty(), CommandError.SYNTAX, "response is not UTF-8")
          : new DecoderResult.ContinuationLine(text);
    }
    if (afterAppend) {
      return endOfAppend(raw);
    }
    if (tag == null) {
      tag = tagOf(raw, true);
    }
    Marker marker = marker(raw);
    String text = utf8(marker == null ? raw : raw.take(marker.start()));
    if (text == null) {
      return refuseLiteral(marker, CommandError.SYNTAX, "command is not UTF-8");
    }
    parts.add(new CommandPart.Text(text));
    if (marker == null) {
      return complete();
    }
    ImapCommand.Append head;
    try {
      head = CommandParser.appendHead(parts, settings);
    } catch (CommandSyntaxException e) {
      return refuseLiteral(marker, e.error(), e.getMessage());
    }
    if (head != null) {
      return appendStart(head, marker);
    }
    if (marker.binary()) {
      return refuseLiteral(marker, CommandError.SYNTAX, "literal8 only for an APPEND message");
    }
    if (marker.nonSync() && marker.size() > settings.maxNonSyncLiteralSize()) {
      return refuseLiteral(marker, CommandError.LITERAL_TOO_BIG, "non-synchronizing literal too big");
    }
    if (marker.size() > settings.maxLineLength() - literalOctets) {
      return refuseLiteral(marker, CommandError.LITERAL_TOO_BIG, "literal too big");
    }
    literalOctets += (int) marker.size();
    remaining = marker.size();
    literal = new ByteStringBuilder();
    state = State.LITERAL;
    literalUntouched = !marker.nonSync();
    return marker.nonSync() ? null : new DecoderResult.ContinuationNeeded(tag);
  }

  private DecoderResult appendStart(ImapCommand.Append head, Marker marker) {
    if (marker.nonSync() && marker.size() > settings.maxNonSyncLiteralSize()) {
      return refuseLiteral(marker, CommandError.LITERAL_TOO_BIG, "non-synchronizing literal too big");
    }
    if (marker.size() > settings.maxLiteralSize()) {
      return refuseLiteral(marker, CommandError.MESSAGE_TOO_BIG, "message too big");
    }
    remaining = marker.size();
    state = State.APPEND_LITERAL;
    literalUntouched = !marker.nonSync();
    return new DecoderResult.AppendStart(new ImapCommand.Append(head.tag(), head.mailbox(), head.flags(),
        head.internalDate(), marker.size(), marker.binary(), !marker.nonSync()));
  }

  /** The line after an APPEND message must be empty (no MULTIAPPEND or CATENATE here). */
  private DecoderResult endOfAppend(ByteString raw) {
    String appendTag = tag;
    if (raw.isEmpty()) {
      reset();
      return new DecoderResult.AppendEnd(appendTag);
    }
    return refuseLiteral(marker(raw), CommandError.SYNTAX, "text after the APPEND message");
  }

  /** Refuses the command; a literal the client sends regardless is skipped. */
  private DecoderResult refuseLiteral(Marker marker, CommandError error, String detail) {
    DecoderResult failed = fail(error, detail);
    if (marker != null && marker.nonSync()) {
      remaining = marker.size();
      state = State.SKIP_LITERAL;
    } else {
      reset();
    }
    return failed;
  }

  private DecoderResult complete() {
    List<CommandPart> command = List.copyOf(parts);
    String commandTag = tag;
    reset();
    try {
      return new DecoderResult.Decoded(CommandParser.parse(command, settings));
    } catch (CommandSyntaxException e) {
      return new DecoderResult.Failed(Optional.ofNullable(commandTag), e.error(), e.getMessage());
    }
  }

  private DecoderResult literal() {
    if (remaining > 0 && pending.isEmpty()) {
      return DecoderResult.NEED_MORE;
    }
    literalUntouched = false;
    int take = (int) Math.min(remaining, pending.size());
    literal.append(pending.take(take));
    pending = pending.drop(take);
    remaining -= take;
    if (remaining > 0) {
      return DecoderResult.NEED_MORE;
    }
    parts.add(new CommandPart.Literal(literal.result(), false)); // literal8 only in APPEND
    literal = null;
    state = State.LINE;
    return null;
  }

  private DecoderResult appendLiteral() {
    if (remaining == 0) {
      afterAppend = true;
      state = State.LINE;
      return null;
    }
    if (pending.isEmpty()) {
      return DecoderResult.NEED_MORE;
    }
    literalUntouched = false;
    int take = (int) Math.min(remaining, pending.size());
    ByteString chunk = pending.take(take);
    pending = pending.drop(take);
    remaining -= take;
    return new DecoderResult.AppendChunk(chunk);
  }

  private DecoderResult skipLiteral() {
    if (remaining > 0 && pending.isEmpty()) {
      return DecoderResult.NEED_MORE;
    }
    int take = (int) Math.min(remaining, pending.size());
    pending = pending.drop(take);
    remaining -= take;
    if (remaining > 0) {
      return DecoderResult.NEED_MORE;
    }
    state = State.DISCARD_LINE; // the command goes on after the literal
    return null;
  }

  /** Drops a refused command's line; a {n+} at its end is skipped too. */
  private DecoderResult discardLine() {
    int n = pending.size();
    for (int i = scanned; i < n; i++) {
      if (pending.apply(i) == '\n') {
        Marker marker = marker(pending.slice(0, i > 0 && pending.apply(i - 1) == '\r' ? i - 1 : i));
        pending = pending.drop(i + 1);
        scanned = 0;
        if (marker != null && marker.nonSync()) {
          remaining = marker.size();
          state = State.SKIP_LITERAL;
        } else {
          reset();
        }
        return null;
      }
    }
    pending = pending.drop(Math.max(0, n - MARKER_WINDOW)).compact();
    scanned = pending.size();
    return DecoderResult.NEED_MORE;
  }

  private DecoderResult fail(CommandError error, String detail) {
    return new DecoderResult.Failed(Optional.ofNullable(tag), error, detail);
  }

  private void reset() {
    parts.clear();
    tag = null;
    textOctets = 0;
    literalOctets = 0;
    remaining = 0;
    literal = null;
    afterAppend = false;
    literalUntouched = false;
    state = State.LINE;
  }

  /** The literal marker ending {@code line}, or null. */
  static Marker marker(ByteString line) {
    int end = line.size() - 1;
    if (end < 2 || line.apply(end) != '}') {
      return null;
    }
    int i = end - 1;
    boolean nonSync = line.apply(i) == '+';
    if (nonSync) {
      i--;
    }
    int digitsEnd = i;
    while (i >= 0 && line.apply(i) >= '0' && line.apply(i) <= '9') {
      i--;
    }
    if (i < 0 || i == digitsEnd || line.apply(i) != '{') {
      return null;
    }
    long size = 0;
    for (int d = i + 1; d <= digitsEnd; d++) {
      // saturate: any size this large is refused anyway
      size = size > Long.MAX_VALUE / 10 - 1 ? Long.MAX_VALUE : size * 10 + (line.apply(d) - '0');
    }
    boolean binary = i > 0 && line.apply(i - 1) == '~';
    return new Marker(binary ? i - 1 : i, size, nonSync, binary);
  }

  /**
   * The tag at the start of a line (RFC 9051: ASTRING-CHAR except "+"), or null; in a line
   * cut short ({@code whole} false) only when the space after it was seen.
   */
  static String tagOf(ByteString line, boolean whole) {
    int i = 0;
    while (i < line.size() && line.apply(i) != ' ') {
      byte b = line.apply(i);
      if (!(CommandReader.isAtomChar(b) || b == ']') || b == '+') {
        return null;
      }
      i++;
    }
    return i == 0 || (!whole && i == line.size()) ? null : line.take(i).utf8String();
  }

  private static String utf8(ByteString bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toArrayUnsafe()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
