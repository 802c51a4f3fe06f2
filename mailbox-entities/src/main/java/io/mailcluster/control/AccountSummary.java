package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What {@link Account.Get} answers; never carries the password hash.
 *
 * @param quotaBytes 0 means unlimited
 * @param aliases alias addresses pointing at this account, sorted
 */
public record AccountSummary(
    String address,
    long quotaBytes,
    List<String> aliases,
    Instant createdAt,
    Instant passwordChangedAt)
    implements CborSerializable {

  public AccountSummary {
    aliases = List.copyOf(aliases);
  }
}
