package io.mailcluster.projections.directory;

/**
 * An account or an alias of a domain, as the directory read model lists it.
 *
 * @param target the alias's target address; null for an account
 * @param quotaBytes the account's quota (0 = unlimited); null for an alias, or while the
 *     account's own events have not been projected yet
 */
public record DirectoryEntry(String address, String kind, String target, Long quotaBytes) {

  public static final String ACCOUNT = "account";
  public static final String ALIAS = "alias";
}
