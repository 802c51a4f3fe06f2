package io.mailcluster.mime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/**
 * One node of a message's MIME tree, with what IMAP's BODYSTRUCTURE needs and where the node
 * lies in the stored message bytes.
 *
 * <p>{@code type} and {@code subtype} are lower case; parameters keep their order and raw
 * values (RFC 2231 continuations are not joined). {@code size} is the octet count of the body
 * as transferred (still encoded). {@code lines} is set for text/* and message/rfc822 only.
 * {@code md5} is always null (never computed). A multipart has {@code parts}; a
 * message/rfc822 part has the embedded message's {@code envelope} and {@code message} (the
 * embedded message's own top node, whose header starts where this part's body starts).
 * {@code truncated} says that children were left out because a limit was reached.
 */
public record BodyStructure(
    String type,
    String subtype,
    List<Param> params,
    String id,
    String description,
    String encoding,
    long size,
    Long lines,
    String md5,
    Disposition disposition,
    List<String> language,
    String location,
    List<BodyStructure> parts,
    Envelope envelope,
    BodyStructure message,
    Offsets offsets,
    boolean truncated)
    implements CborSerializable {

  /** A parameter of Content-Type or Content-Disposition; the name lower case, the value raw. */
  public record Param(String name, String value) implements CborSerializable {}

  /** Content-Disposition: its type lower case and its parameters. */
  public record Disposition(String type, List<Param> params) implements CborSerializable {}

  /**
   * Octet offsets in the whole message: the node's header starts at {@code headerStart}, its
   * body occupies {@code [bodyStart, bodyEnd)}. {@code BODY[n.HEADER]} (or MIME) is
   * {@code [headerStart, bodyStart)} and {@code BODY[n.TEXT]} / {@code BODY[n]} is the body range.
   */
  public record Offsets(long headerStart, long bodyStart, long bodyEnd) implements CborSerializable {}

  /** True for multipart/*, which has parts. */
  @JsonIgnore
  public boolean isMultipart() {
    return "multipart".equals(type);
  }

  /** True for message/rfc822 (or message/global), which embeds a message. */
  public boolean embedsMessage() {
    return "message".equals(type) && ("rfc822".equals(subtype) || "global".equals(subtype));
  }

  /** The value of a Content-Type parameter, by case-insensitive name, or null. */
  public String param(String name) {
    for (Param p : params) {
      if (p.name().equalsIgnoreCase(name)) {
        return p.value();
      }
    }
    return null;
  }
}
