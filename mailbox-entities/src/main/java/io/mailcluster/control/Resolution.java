package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;

/**
 * What {@link Domain.Resolve} answers for a local part of an existing domain.
 *
 * @param address the account's address, the alias's target, or null when UNKNOWN
 */
public record Resolution(Kind kind, String address) implements CborSerializable {

  /** Whether the local part is an account, an alias, or neither. */
  public enum Kind {
    ACCOUNT,
    ALIAS,
    UNKNOWN
  }

  public static Resolution account(String address) {
    return new Resolution(Kind.ACCOUNT, address);
  }

  public static Resolution alias(String target) {
    return new Resolution(Kind.ALIAS, target);
  }

  public static Resolution unknown() {
    return new Resolution(Kind.UNKNOWN, null);
  }
}
