package io.mailcluster.mime;

import io.mailcluster.serialization.CborSerializable;

/** A header field as it appears in the message: its name and raw value, folding kept. */
public record HeaderField(String name, String value) implements CborSerializable {

  /** The value with folding removed (CRLF before whitespace dropped), as SEARCH HEADER matches it. */
  public String unfolded() {
    return HeaderText.unfold(value).strip();
  }
}
