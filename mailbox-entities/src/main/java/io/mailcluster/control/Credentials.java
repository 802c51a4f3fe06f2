package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;

/** What {@link Account.GetCredentials} answers: the PHC string to verify a password against. */
public record Credentials(String passwordHash) implements CborSerializable {

  @Override
  public String toString() {
    return "Credentials[passwordHash=<redacted>]";
  }
}
