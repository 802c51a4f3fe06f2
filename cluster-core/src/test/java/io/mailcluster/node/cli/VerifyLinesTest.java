package io.mailcluster.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneLinePerFolderThenTheVerdict() throws Exception {
    String report = """
        {"address":"a@b.test","consistent":true,"elapsedMillis":1234,
         "tree":{"folders":2,"eventsReplayed":3,"consistent":true,"differenceCount":0,"differences":[]},
         "folders":[
          {"name":"INBOX","folderId":"f-1","messages":1,"sequenceNr":2,"eventsReplayed":2,
           "consistent":true,"differenceCount":0,"differences":[]},
          {"name":"Archive","folderId":"f-2","messages":0,"sequenceNr":1,"eventsReplayed":1,
           "consistent":true,"differenceCount":0,"differences":[]}]}""";
    assertEquals(List.of(
            "folder tree  2 folders  3 events  ok",
            "INBOX        f-1  1 message  2 events  ok",
            "Archive      f-2  0 messages  1 event  ok",
            "consistent: every folder's live state equals the state replayed from its journal (1.2 s)"),
        VerifyLines.render(JSON.readTree(report)));
  }

  @Test
  void aDifferingFolderShowsItsFirstDifferencesAndHowManyMore() throws Exception {
    String report = """
        {"address":"a@b.test","consistent":false,"elapsedMillis":50,
         "tree":{"folders":1,"eventsReplayed":2,"consistent":true,"differenceCount":0,"differences":[]},
         "folders":[
          {"name":"INBOX","folderId":"f-1","messages":2,"sequenceNr":4,"eventsReplayed":5,
           "consistent":false,"differenceCount":3,"differences":[
            {"uid":null,"field":"sequenceNr","live":"4","replayed":"5"},
            {"uid":1,"field":"flags","live":"[]","replayed":"[\\\\Seen]"}]}]}""";
    assertEquals(List.of(
            "folder tree  1 folder  2 events  ok",
            "INBOX        f-1  2 messages  5 events  DIFFERS (3): sequenceNr live=4 replayed=5; "
                + "uid 1 flags live=[] replayed=[\\Seen]; ... 1 more",
            "NOT consistent: 1 of 1 folders differ from their journal (0.1 s)"),
        VerifyLines.render(JSON.readTree(report)));
  }
}
