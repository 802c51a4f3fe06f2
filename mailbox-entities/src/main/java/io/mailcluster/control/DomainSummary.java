package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link Domain.Get} answers.
 *
 * @param accounts full account addresses, sorted
 * @param aliases alias address to target address, sorted by alias
 */
public record DomainSummary(
    String name, Instant createdAt, List<String> accounts, Map<String, String> aliases)
    implements CborSerializable {

  public DomainSummary {
    accounts = List.copyOf(accounts);
    aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
  }
}
