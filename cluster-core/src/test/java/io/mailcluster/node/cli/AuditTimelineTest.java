package io.mailcluster.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AuditTimelineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rendersTimestampEntityEventAndFields() throws Exception {
    String record = """
        {"timestamp":"2026-11-28T21:30:05.123Z","entity":"INBOX","folderId":"f1","sequenceNr":2,
         "event":"MessageAppended","fields":{"uid":1,"blobId":"b1","size":1234,
         "internalDate":"2026-11-28T21:30:05Z","flags":["\\\\Seen","\\\\Flagged"],"modSeq":2,
         "idempotencyKey":null}}
        """;
    assertEquals("2026-11-28T21:30:05.123Z  INBOX  MessageAppended  uid=1 blobId=b1 size=1234 "
            + "internalDate=2026-11-28T21:30:05Z flags=\\Seen,\\Flagged modSeq=2",
        AuditTimeline.line(JSON.readTree(record)));
  }

  @Test
  void rendersLoginsAsASentence() throws Exception {
    assertEquals("2026-11-28T21:30:05.123Z  account  login failed imap from 127.0.0.1",
        AuditTimeline.line(JSON.readTree("""
            {"timestamp":"2026-11-28T21:30:05.123Z","entity":"account","folderId":null,
             "sequenceNr":8,"event":"LoginFailed","fields":{"protocol":"imap",
             "clientAddress":"127.0.0.1","at":"2026-11-28T21:30:05.121Z"}}""")));
    assertEquals("2026-11-28T21:30:06Z  account  login succeeded pop3 from 2001:db8:0:0:0:0:0:1",
        AuditTimeline.line(JSON.readTree("""
            {"timestamp":"2026-11-28T21:30:06Z","entity":"account","folderId":null,
             "sequenceNr":9,"event":"LoginSucceeded","fields":{"protocol":"pop3",
             "clientAddress":"2001:db8:0:0:0:0:0:1","at":"2026-11-28T21:30:06Z"}}""")));
  }

  @Test
  void marksEmptyListsQuotesSpacesAndOmitsEmptyFields() throws Exception {
    assertEquals("2026-11-28T21:30:05Z  account  AccountRemoved",
        AuditTimeline.line(JSON.readTree("""
            {"timestamp":"2026-11-28T21:30:05Z","entity":"account","folderId":null,
             "sequenceNr":9,"event":"AccountRemoved","fields":{}}""")));
    assertEquals("2026-11-28T21:30:05Z  My Mail  FolderRenamed  name=\"My Mail\" uids=-",
        AuditTimeline.line(JSON.readTree("""
            {"timestamp":"2026-11-28T21:30:05Z","entity":"My Mail","folderId":"f",
             "sequenceNr":9,"event":"FolderRenamed","fields":{"name":"My Mail","uids":[]}}""")));
  }
}
