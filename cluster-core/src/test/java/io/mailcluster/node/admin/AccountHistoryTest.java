package io.mailcluster.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.control.Account;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountHistoryTest {

  @Test
  void indexesFolderIdsWithEveryNameTheyBore() {
    AccountHistory.FolderIndex index = AccountHistory.FolderIndex.EMPTY
        .with(new Account.AccountCreated("h", 0, Instant.EPOCH))
        .with(new Account.FolderAdded("INBOX", "f1", null, true))
        .with(new Account.FolderAdded("Old", "f2", null, true))
        .with(new Account.FolderRemoved("Old", "f2"))
        .with(new Account.FolderAdded("New", "f2", null, true));
    assertEquals(5, index.events());
    assertEquals(Map.of("f1", List.of("INBOX"), "f2", List.of("Old", "New")), index.names());
    assertEquals(List.of("f2"), List.copyOf(index.idsNamed("Old")));
    assertEquals(List.of("f1", "f2"), List.copyOf(index.idsNamed(null)));
  }
}
