package io.mailcluster.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Receives mime4j's parse events and builds the body structure. Keeps a cursor: the octet
 * position the parser has reached, rebuilt from what the events deliver (field bytes, body
 * bytes) plus what mime4j does not deliver (line ends, delimiter lines), which it reads from
 * the {@link OctetTap}'s recent bytes. Memory is bounded by the open nodes and the kept headers.
 */
final class StructureHandler implements ContentHandler {

  private static final int BUFFER = 8192;

  private final MimeSettings settings;
  private final OctetTap tap;
  private final Deque<Node> open = new ArrayDeque<>();
  private final List<HeaderField> topHeaders = new ArrayList<>();

  private long cursor;
  private long lines;
  private int lastByte = '\n';
  private boolean exact = true;
  private boolean truncated;
  private boolean headersTruncated;
  private int topHeaderBytes;
  private int parts;
  private Node root;
  private BodyStructure rootStructure;

  StructureHandler(MimeSettings settings, OctetTap tap) {
    this.settings = settings;
    this.tap = tap;
  }

  /** One MIME entity (a message or a body part) while it is open. */
  private static final class Node {
    final Node parent;
    final int depth;
    final boolean recorded;
    boolean isPart;
    long headerStart;
    long bodyStart = -1;
    long bodyEnd = -1;
    long linesAtBodyStart;
    int fieldCount;
    String contentType;
    String mediaType;
    String subType;
    String encoding;
    String id;
    String description;
    String disposition;
    String language;
    String location;
    String boundary;
    long bodyLines = -1;
    boolean childTruncated;
    final List<BodyStructure> children = new ArrayList<>();
    BodyStructure embedded;
    Envelope embeddedEnvelope;
    final EnvelopeFields envelope = new EnvelopeFields();

    Node(Node parent, int depth, boolean recorded) {
      this.parent = parent;
      this.depth = depth;
      this.recorded = recorded;
    }
  }

  /** The raw header values an ENVELOPE is made of. */
  static final class EnvelopeFields {
    String date;
    String subject;
    String from;
    String sender;
    String replyTo;
    String to;
    String cc;
    String bcc;
    String inReplyTo;
    String messageId;

    Envelope toEnvelope() {
      List<EnvelopeAddress> fromList = AddressParser.parse(from);
      List<EnvelopeAddress> senderList = AddressParser.parse(sender);
      List<EnvelopeAddress> replyToList = AddressParser.parse(replyTo);
      return new Envelope(
          trimmed(date),
          trimmed(subject),
          fromList,
          senderList.isEmpty() ? fromList : senderList,
          replyToList.isEmpty() ? fromList : replyToList,
          AddressParser.parse(to),
          AddressParser.parse(cc),
          AddressParser.parse(bcc),
          trimmed(inReplyTo),
          trimmed(messageId));
    }

    private static String trimmed(String raw) {
      return raw == null ? null : HeaderText.unfold(raw).strip();
    }
  }

  // ---- results ----

  BodyStructure rootStructure() {
    return rootStructure;
  }

  EnvelopeFields rootEnvelope() {
    return root == null ? new EnvelopeFields() : root.envelope;
  }

  List<HeaderField> topHeaders() {
    return List.copyOf(topHeaders);
  }

  boolean headersTruncated() {
    return headersTruncated;
  }

  boolean truncated() {
    return truncated;
  }

  long cursor() {
    return cursor;
  }

  boolean exact() {
    return exact;
  }

  /**
   * After the parser stopped early (it gave up, or the input ended inside a part): closes every
   * open node at the end of the message, so the structure read so far is kept.
   */
  void closeAll(long end) {
    truncated = true;
    exact = false;
    cursor = end;
    while (!open.isEmpty()) {
      Node node = open.peek();
      if (node.bodyStart < 0) {
        node.bodyStart = end;
        node.linesAtBodyStart = lines;
      }
      if (node.bodyEnd < 0) {
        node.bodyEnd = end;
      }
      close();
    }
  }

  // ---- mime4j events ----

  @Override
  public void startMessage() {
    Node parent = open.peek();
    Node node = parent == null ? new Node(null, 1, true) : child(parent);
    node.headerStart = cursor;
    if (parent == null) {
      root = node;
    }
    open.push(node);
  }

  @Override
  public void endMessage() {
    endEntity();
  }

  @Override
  public void startBodyPart() {
    Node parent = open.peek();
    skipDelimiterLine(parent);
    parts++;
    Node node = child(parent);
    node.isPart = true;
    node.headerStart = cursor;
    open.push(node);
  }

  @Override
  public void endBodyPart() {
    endEntity();
  }

  @Override
  public void startHeader() {
    // the node's header start was fixed when it opened
  }

  @Override
  public void field(Field field) {
    Node node = open.peek();
    ByteSequence raw = field.getRaw();
    byte[] bytes = raw == null ? field.toString().getBytes(StandardCharsets.ISO_8859_1) : raw.toByteArray();
    resyncTo(bytes);
    advanceOver(bytes, bytes.length);
    skipLineEnd();
    node.fieldCount++;
    if (node.fieldCount > settings.maxHeaderFields()) {
      if (node == root) {
        headersTruncated = true;
      }
      return;
    }
    int colon = indexOf(bytes, (byte) ':');
    if (colon < 0) {
      return;
    }
    String name = HeaderText.text(bytes, 0, colon).strip();
    int valueStart = colon + 1;
    while (valueStart < bytes.length && (bytes[valueStart] == ' ' || bytes[valueStart] == '\t')) {
      valueStart++;
    }
    String value = HeaderText.text(bytes, valueStart, bytes.length - valueStart);
    if (node == root) {
      keepTopHeader(name, value);
    }
    remember(node, name.toLowerCase(Locale.ROOT), value);
  }

  @Override
  public void endHeader() {
    Node node = open.peek();
    if (!(cursor == tap.count() && tap.atEof())) {
      if (lineEndAt(cursor) == 0) {
        resyncToBlankLine();
      }
      skipLineEnd();
    }
    node.bodyStart = cursor;
    node.linesAtBodyStart = lines;
  }

  @Override
  public void preamble(InputStream is) throws IOException {
    is.transferTo(OutputStream.nullOutputStream()); // the next delimiter is found in the tap
  }

  @Override
  public void epilogue(InputStream is) throws IOException {
    // mime4j does not say exactly where an epilogue starts; the multipart ends where its
    // enclosing entity does, which the enclosing delimiter (or the end of input) tells
    is.transferTo(OutputStream.nullOutputStream());
  }

  @Override
  public void startMultipart(BodyDescriptor bd) {
    Node node = open.peek();
    node.mediaType = bd.getMediaType();
    node.subType = bd.getSubType();
    node.boundary = bd.getBoundary();
  }

  @Override
  public void endMultipart() {
    // the node ends with its entity
  }

  @Override
  public void body(BodyDescriptor bd, InputStream is) throws IOException {
    Node node = open.peek();
    node.mediaType = bd.getMediaType();
    node.subType = bd.getSubType();
    long before = lines;
    long size = consume(is);
    node.bodyLines = lines - before + (size > 0 && lastByte != '\n' ? 1 : 0);
  }

  @Override
  public void raw(InputStream is) throws IOException {
    consume(is);
  }

  // ---- tree building ----

  private Node child(Node parent) {
    boolean recorded = parent.recorded
        && parent.depth < settings.maxDepth()
        && parts <= settings.maxParts();
    if (!recorded) {
      truncated = true;
      if (parent.recorded) {
        parent.childTruncated = true;
      }
    }
    return new Node(parent, parent.depth + 1, recorded);
  }

  private void endEntity() {
    Node node = open.peek();
    advanceToEnd(node);
    if (node.bodyStart < 0) {
      node.bodyStart = cursor;
      node.linesAtBodyStart = lines;
    }
    node.bodyEnd = cursor;
    close();
  }

  private void close() {
    Node node = open.pop();
    if (!node.recorded) {
      return;
    }
    BodyStructure built = build(node);
    Node parent = node.parent;
    if (parent == null) {
      rootStructure = built;
    } else if (node.isPart) {
      parent.children.add(built);
    } else {
      parent.embedded = built;
      parent.embeddedEnvelope = node.envelope.toEnvelope();
    }
  }

  private BodyStructure build(Node node) {
    ContentType type = ContentType.of(node);
    long size = node.bodyEnd - node.bodyStart;
    Long lineCount = null;
    if (type.type.equals("text")) {
      lineCount = node.bodyLines >= 0 ? node.bodyLines : 0L;
    } else if (type.type.equals("message") && (type.subtype.equals("rfc822") || type.subtype.equals("global"))) {
      lineCount = lines - node.linesAtBodyStart + (size > 0 && lastByte != '\n' ? 1 : 0);
    }
    BodyStructure.Disposition disposition = null;
    if (node.disposition != null) {
      RawBody d = parseParameters(node.disposition);
      disposition = new BodyStructure.Disposition(d.getValue().toLowerCase(Locale.ROOT), toParams(d));
    }
    List<String> language = node.language == null
        ? List.of()
        : List.of(HeaderText.unfold(node.language).replaceAll("\\([^)]*\\)", "").strip().split("\\s*,\\s*"));
    return new BodyStructure(
        type.type,
        type.subtype,
        type.params,
        clean(node.id),
        clean(node.description),
        node.encoding == null ? "7bit" : clean(node.encoding).toLowerCase(Locale.ROOT),
        size,
        lineCount,
        null,
        disposition,
        language.size() == 1 && language.get(0).isEmpty() ? List.of() : language,
        clean(node.location),
        List.copyOf(node.children),
        node.embedded == null ? null : node.embeddedEnvelope,
        node.embedded,
        new BodyStructure.Offsets(node.headerStart, node.bodyStart, node.bodyEnd),
        node.childTruncated);
  }

  private static String clean(String raw) {
    return raw == null ? null : HeaderText.unfold(raw).strip();
  }

  /** Type, subtype and parameters, preferring what the Content-Type field says. */
  private record ContentType(String type, String subtype, List<BodyStructure.Param> params) {
    static ContentType of(Node node) {
      String type = node.mediaType;
      String subtype = node.subType;
      List<BodyStructure.Param> params = List.of();
      if (node.contentType != null) {
        RawBody parsed = parseParameters(node.contentType);
        params = toParams(parsed);
        String value = parsed.getValue() == null ? "" : parsed.getValue().toLowerCase(Locale.ROOT);
        int slash = value.indexOf('/');
        if (type == null && slash > 0 && slash < value.length() - 1) {
          type = value.substring(0, slash).strip();
          subtype = value.substring(slash + 1).strip();
        }
      }
      if (type == null || subtype == null) {
        boolean digest = node.parent != null && "digest".equals(node.parent.subType);
        type = node.embedded != null || digest ? "message" : "text";
        subtype = node.embedded != null || digest ? "rfc822" : "plain";
      }
      return new ContentType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), params);
    }
  }

  private static RawBody parseParameters(String value) {
    byte[] bytes = HeaderText.unfold(value).getBytes(StandardCharsets.UTF_8);
    return RawFieldParser.DEFAULT.parseRawBody(
        new ByteArrayBuffer(bytes, bytes.length, true), new ParserCursor(0, bytes.length));
  }

  private static List<BodyStructure.Param> toParams(RawBody body) {
    List<BodyStructure.Param> out = new ArrayList<>();
    for (NameValuePair pair : body.getParams()) {
      if (pair.getName() == null || pair.getName().isEmpty()) {
        continue;
      }
      out.add(new BodyStructure.Param(pair.getName().toLowerCase(Locale.ROOT), utf8(pair.getValue())));
    }
    return List.copyOf(out);
  }

  /** mime4j reads parameter octets as ISO-8859-1 chars; turn UTF-8 octets back into text. */
  private static String utf8(String latin1) {
    if (latin1 == null) {
      return "";
    }
    byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
    return HeaderText.text(bytes, 0, bytes.length);
  }

  private void remember(Node node, String name, String value) {
    EnvelopeFields e = node.envelope;
    switch (name) {
      case "content-type" -> node.contentType = first(node.contentType, value);
      case "content-transfer-encoding" -> node.encoding = first(node.encoding, value);
      case "content-id" -> node.id = first(node.id, value);
      case "content-description" -> node.description = first(node.description, value);
      case "content-disposition" -> node.disposition = first(node.disposition, value);
      case "content-language" -> node.language = first(node.language, value);
      case "content-location" -> node.location = first(node.location, value);
      case "date" -> e.date = first(e.date, value);
      case "subject" -> e.subject = first(e.subject, value);
      case "from" -> e.from = first(e.from, value);
      case "sender" -> e.sender = first(e.sender, value);
      case "reply-to" -> e.replyTo = first(e.replyTo, value);
      case "to" -> e.to = first(e.to, value);
      case "cc" -> e.cc = first(e.cc, value);
      case "bcc" -> e.bcc = first(e.bcc, value);
      case "in-reply-to" -> e.inReplyTo = first(e.inReplyTo, value);
      case "message-id" -> e.messageId = first(e.messageId, value);
      default -> {
        // not needed for ENVELOPE or BODYSTRUCTURE
      }
    }
  }

  private static String first(String existing, String value) {
    return existing != null ? existing : value;
  }

  private void keepTopHeader(String name, String value) {
    int bytes = name.length() + value.length();
    if (headersTruncated || topHeaderBytes + bytes > settings.maxHeaderBytes()) {
      headersTruncated = true;
      return;
    }
    topHeaderBytes += bytes;
    topHeaders.add(new HeaderField(name, value));
  }

  // ---- the cursor ----

  /** Reads a body to its end, counting octets and lines. */
  private long consume(InputStream is) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    int n;
    while ((n = is.read(buffer)) >= 0) {
      advanceOver(buffer, n);
      total += n;
    }
    return total;
  }

  private void advanceOver(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        lines++;
      }
    }
    if (length > 0) {
      lastByte = bytes[length - 1] & 0xff;
    }
    cursor += length;
  }

  /** Moves the cursor over one octet read from the tap. */
  private void step() {
    int b = tap.byteAt(cursor);
    if (b == '\n') {
      lines++;
    }
    lastByte = b;
    cursor++;
  }

  /** Length of the line end at a position: 2 for CRLF, 1 for a bare LF, 0 for none or unknown. */
  private int lineEndAt(long position) {
    int b = tap.byteAt(position);
    if (b == '\n') {
      return 1;
    }
    return b == '\r' && tap.byteAt(position + 1) == '\n' ? 2 : 0;
  }

  private void skipLineEnd() {
    int length = lineEndAt(cursor);
    if (length == 0) {
      if (tap.byteAt(cursor) < 0 && !(tap.atEof() && cursor == tap.count())) {
        exact = false; // left the window: assume CRLF
        cursor += 2;
        lines++;
        lastByte = '\n';
      }
      return;
    }
    for (int i = 0; i < length; i++) {
      step();
    }
  }

  /**
   * Moves the cursor to where a closing entity ends: before the line end that opens the next
   * delimiter of an enclosing multipart (the nearest one found: an inner boundary that never
   * closes is ended by an outer one), or to the end of the input when nothing encloses it or
   * no boundary comes (malformed mail).
   */
  private void advanceToEnd(Node node) {
    long end = -1;
    for (Node multipart = node.parent; multipart != null; multipart = multipart.parent) {
      if (multipart.boundary == null) {
        continue;
      }
      long delimiter = findDelimiter(multipart, cursor);
      if (delimiter >= 0) {
        long candidate = delimiter - lineEndBefore(multipart, delimiter);
        end = end < 0 ? candidate : Math.min(end, candidate);
      }
    }
    if (end < 0) {
      if (!tap.atEof() && node.parent != null) {
        exact = false; // the parser ended an entity we cannot place
        return;
      }
      try {
        tap.drain();
      } catch (IOException failed) {
        exact = false;
        return;
      }
      end = tap.count();
    }
    if (end < cursor) {
      exact = false; // the bytes we were told about overran the delimiter
      return;
    }
    stepTo(end);
  }

  /** Steps over the enclosing multipart's next delimiter line, which opens a body part. */
  private void skipDelimiterLine(Node multipart) {
    long delimiter = findDelimiter(multipart, cursor);
    if (delimiter < 0) {
      exact = false;
      return;
    }
    stepTo(delimiter);
    while (cursor < tap.count()) {
      int b = tap.byteAt(cursor);
      if (b < 0) {
        exact = false;
        return;
      }
      step();
      if (b == '\n') {
        return;
      }
    }
  }

  /**
   * The position of the first line at or after {@code from} that is a delimiter of this
   * multipart ("--" boundary, then "--", whitespace or the line end), or -1.
   */
  private long findDelimiter(Node multipart, long from) {
    byte[] dash = ("--" + multipart.boundary).getBytes(StandardCharsets.ISO_8859_1);
    for (long p = Math.max(from, multipart.bodyStart); p < tap.count(); p++) {
      int b = tap.byteAt(p);
      if (b < 0) {
        exact = false;
        return -1;
      }
      boolean lineStart = p == multipart.bodyStart || tap.byteAt(p - 1) == '\n';
      if (b == '-' && lineStart && matchesAt(p, dash, dash.length)) {
        int next = tap.byteAt(p + dash.length);
        if (next == '-' || next == ' ' || next == '\t' || next == '\r' || next == '\n' || next < 0) {
          return p;
        }
      }
    }
    return -1;
  }

  private int lineEndBefore(Node multipart, long position) {
    if (position <= multipart.bodyStart || tap.byteAt(position - 1) != '\n') {
      return 0;
    }
    return position - 2 >= multipart.bodyStart && tap.byteAt(position - 2) == '\r' ? 2 : 1;
  }

  private void stepTo(long position) {
    while (cursor < position) {
      if (tap.byteAt(cursor) < 0) {
        exact = false;
        cursor = position;
        return;
      }
      step();
    }
  }

  /**
   * When mime4j skipped bytes we were not told about (a malformed header line), finds where
   * this field really starts: the next line start in the window holding the field's bytes.
   */
  private void resyncTo(byte[] field) {
    int probe = Math.min(field.length, 32);
    if (matchesAt(cursor, field, probe)) {
      return;
    }
    for (long p = cursor + 1; p < tap.count(); p++) {
      if (tap.byteAt(p - 1) == '\n' && matchesAt(p, field, probe)) {
        while (cursor < p) {
          step();
        }
        return;
      }
    }
    exact = false;
  }

  private void resyncToBlankLine() {
    for (long p = cursor; p < tap.count(); p++) {
      if (tap.byteAt(p - 1) == '\n' && lineEndAt(p) > 0) {
        while (cursor < p) {
          step();
        }
        return;
      }
    }
    exact = false;
  }

  private boolean matchesAt(long position, byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (tap.byteAt(position + i) != (bytes[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
