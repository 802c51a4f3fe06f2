package io.mailcluster.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How `audit` parses its words; every case here is refused before any request is sent. */
class AdminCliAuditArgsTest {

  /** Nothing listens there; a command that got as far as a request would fail with exit 3. */
  private final AdminCli cli =
      new AdminCli(new AdminClient(List.of(URI.create("http://127.0.0.1:9")), "t"));

  private String refusal(String... words) {
    return assertThrows(AdminCli.Usage.class, () -> cli.run(List.of(words))).getMessage();
  }

  @Test
  void verifyNeedsAnAddressAndNoHistoryFilters() {
    assertEquals("missing ADDRESS", refusal("audit", "--verify"));
    assertEquals("--verify checks every folder: --since, --until and --folder do not apply",
        refusal("audit", "--verify", "a@b.test", "--folder", "INBOX"));
    assertEquals("unexpected argument: c@d.test", refusal("audit", "--verify", "a@b.test", "c@d.test"));
    assertEquals("unknown option: --verbose", refusal("audit", "a@b.test", "--verbose"));
  }

  @Test
  void verifyMayComeBeforeOrAfterTheAddress() {
    for (List<String> words : List.of(List.of("audit", "--verify", "a@b.test"),
        List.of("audit", "a@b.test", "--verify"))) {
      AdminClient.Failure noNode =
          assertThrows(AdminClient.Failure.class, () -> cli.run(words));
      assertEquals(3, noNode.exitCode, noNode.getMessage());
    }
  }
}
