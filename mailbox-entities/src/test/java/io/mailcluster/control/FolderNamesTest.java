package io.mailcluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Folder names: validation, INBOX's case, hierarchy; and the limits' defaults. */
class FolderNamesTest {

  private static final AccountSettings LIMITS = new AccountSettings(1000, 255, 16);

  @Test
  void accountLimitsDefaults() {
    assertEquals(LIMITS, AccountSettings.fromConfig(ConfigFactory.defaultReference()));
  }

  @Test
  void inboxIsCaseInsensitiveAlsoAsAFirstLevel() {
    assertEquals("INBOX", FolderNames.valid("inBox", LIMITS));
    assertEquals("INBOX/Sub", FolderNames.valid("inbox/Sub", LIMITS));
    assertEquals("Inboxes", FolderNames.valid("Inboxes", LIMITS));
    assertEquals("a/inbox", FolderNames.valid("a/inbox", LIMITS));
  }

  @Test
  void limitsAreInclusive() {
    assertEquals(255, FolderNames.valid("x".repeat(255), LIMITS).length());
    assertThrows(Rejection.class, () -> FolderNames.valid("x".repeat(256), LIMITS));
    String sixteen = String.join("/", java.util.Collections.nCopies(16, "a"));
    assertEquals(sixteen, FolderNames.valid(sixteen, LIMITS));
    assertThrows(Rejection.class, () -> FolderNames.valid(sixteen + "/a", LIMITS));
  }

  @Test
  void controlCharactersAnywhereAreRefused() {
    for (String bad : List.of("a\u0000", "a\nb", "\u007f", "a\u0085b")) {
      Rejection r = assertThrows(Rejection.class, () -> FolderNames.valid(bad, LIMITS));
      assertEquals(Rejection.Kind.INVALID, r.kind());
    }
  }

  @Test
  void hierarchy() {
    assertEquals(List.of("a", "a/b", "a/b/c"), FolderNames.lineage("a/b/c"));
    assertEquals(List.of("a"), FolderNames.lineage("a"));
    assertTrue(FolderNames.isUnder("a/b", "a"));
    assertFalse(FolderNames.isUnder("ab", "a"));
    assertFalse(FolderNames.isUnder("a", "a"));
    assertEquals(3, FolderNames.depth("a/b/c"));
  }
}
