package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/**
 * What {@link Account.Close} answers: the closing account and the aliases that still point at it,
 * which its removal must take out of their domains.
 *
 * @param aliases alias addresses, sorted
 */
public record AccountClosure(String address, List<String> aliases) implements CborSerializable {

  public AccountClosure {
    aliases = List.copyOf(aliases);
  }
}
