package io.mailcluster.smtp.codec;

import java.util.Optional;

/** The MAIL FROM {@code BODY=} parameter: RFC 6152 (8BITMIME) and RFC 3030 (BINARYMIME). */
public enum BodyType {
  SEVEN_BIT("7BIT"),
  EIGHT_BIT_MIME("8BITMIME"),
  /** Only valid with BDAT: binary content cannot survive DATA's dot and line rules. */
  BINARY_MIME("BINARYMIME");

  private final String keyword;

  BodyType(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  /** Case-insensitive, as all ESMTP keywords are. */
  public static Optional<BodyType> fromKeyword(String value) {
    for (BodyType t : values()) {
      if (t.keyword.equalsIgnoreCase(value)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
