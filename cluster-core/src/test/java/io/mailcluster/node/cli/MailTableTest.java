package io.mailcluster.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailTableTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rendersOneAlignedLinePerMessage() throws Exception {
    JsonNode page = JSON.readTree("""
        {"address":"a@x.test","folder":"INBOX","folderId":"f","next":null,"messages":[
          {"uid":1,"size":1234,"internalDate":"2026-11-28T18:01:02.123456Z","flags":["\\\\Seen"],
           "from":"Ren\u00e9 <rene@remote.test>","subject":"hello"},
          {"uid":12,"size":7,"internalDate":"2026-11-28T18:01:03Z","flags":[],
           "from":null,"subject":null}]}
        """);
    assertEquals("     UID  DATE                        SIZE  FROM                            SUBJECT",
        MailTable.header());
    assertEquals(List.of(
            "       1  2026-11-28 18:01:02         1234  Ren\u00e9 <rene@remote.test>         hello",
            "      12  2026-11-28 18:01:03            7"),
        MailTable.rows(page));
  }

  @Test
  void longValuesAreCutAndKeptOnOneLine() {
    assertEquals("abcdefg...", MailTable.truncate("abcdefghijklmnop", 10));
    assertEquals("exactly10!", MailTable.truncate("exactly10!", 10));
    assertEquals("two lines", MailTable.truncate("two\r\n lines", 10));
    String subject = "x".repeat(80);
    String row = MailTable.rows(JSON.valueToTree(java.util.Map.of("messages", List.of(
        java.util.Map.of("uid", 3, "size", 1, "internalDate", "2026-01-01T00:00:00Z",
            "from", "f", "subject", subject))))).get(0);
    assertEquals("x".repeat(MailTable.SUBJECT_WIDTH - 3) + "...", row.substring(row.lastIndexOf(' ') + 1));
  }

  @Test
  void dateIsShortened() {
    assertEquals("2026-11-28 18:01:02", MailTable.date("2026-11-28T18:01:02.5Z"));
    assertEquals("", MailTable.date(""));
  }
}
