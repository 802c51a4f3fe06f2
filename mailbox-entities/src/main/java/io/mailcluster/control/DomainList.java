package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/** What {@link DomainDirectory.List} answers: every domain name, sorted. */
public record DomainList(List<String> domains) implements CborSerializable {

  public DomainList {
    domains = List.copyOf(domains);
  }
}
