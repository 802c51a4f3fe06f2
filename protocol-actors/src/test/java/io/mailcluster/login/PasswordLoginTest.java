package io.mailcluster.login;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.control.Account;
import io.mailcluster.control.ControlData;
import io.mailcluster.imap.delivery.ClusterImapBackend;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.pop3.delivery.ClusterPop3Backend;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Password logins against the real sharded Account entities (single-node cluster, in-memory
 * journal): the outcome is recorded with protocol and client address, a right password is
 * answered only once its record is persisted (and refused as storage trouble if it is not), a
 * wrong one is answered whatever becomes of its record. Journal writes are made to fail with the
 * persistence test kit; the short ask timeout bounds how long a failed write is waited for.
 */
@ExtendWith(LogCapturing.class)
class PasswordLoginTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String CLIENT = "192.0.2.7";

  private static final ActorTestKit testKit = ActorTestKit.create("PasswordLoginTest",
      ConfigFactory.parseString("mail-cluster.control.ask-timeout = 1s")
          .withFallback(TestKits.clusterNode()));
  private static final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
  private static ControlData control;
  private static PasswordLogin imap;

  @BeforeAll
  static void setUp() throws Exception {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    ControlData.initEntities(testKit.system());
    control = new ControlData(testKit.system());
    imap = new PasswordLogin(control, PasswordLogin.IMAP);
    await(control.createDomain("login.test"));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, SECONDS);
  }

  private static String account(String localPart) throws Exception {
    String address = localPart + "@login.test";
    await(control.createAccount(address, PASSWORD, 0));
    return address;
  }

  private static List<Object> events(String address) {
    return journal.persistedInStorage("Account|" + address);
  }

  private static Object lastEvent(String address) {
    List<Object> events = events(address);
    return events.get(events.size() - 1);
  }

  @Test
  void aRightPasswordIsAnsweredOnceItsLoginIsPersisted() throws Exception {
    String ann = account("ann");
    assertEquals(Optional.of(ann), await(imap.check("Ann@Login.TEST", PASSWORD, CLIENT)));
    // no waiting: the answer came after the write
    Account.LoginSucceeded recorded =
        assertInstanceOf(Account.LoginSucceeded.class, lastEvent(ann));
    assertEquals(new Account.LoginSucceeded("imap", CLIENT, recorded.at()), recorded);
  }

  @Test
  void aRightPasswordWhoseLoginIsNotPersistedIsStorageTrouble() throws Exception {
    String bob = account("bob");
    int before = events(bob).size();
    journal.failNextPersisted("Account|" + bob);
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> await(imap.check(bob, PASSWORD, CLIENT)));
    assertInstanceOf(LoginNotRecordedException.class, failed.getCause());
    assertEquals(before, events(bob).size(), "nothing recorded");
    // the account recovers: the next login gets in and is recorded
    assertEquals(Optional.of(bob), await(imap.check(bob, PASSWORD, CLIENT)));
    assertInstanceOf(Account.LoginSucceeded.class, lastEvent(bob));
  }

  @Test
  void aWrongPasswordIsRecordedWithTheClientAddress() throws Exception {
    String cay = account("cay");
    assertEquals(Optional.empty(), await(imap.check(cay, "wrong password", "2001:db8::9")));
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      Account.LoginFailed recorded = assertInstanceOf(Account.LoginFailed.class, lastEvent(cay));
      assertEquals(new Account.LoginFailed("imap", "2001:db8::9", recorded.at()), recorded);
      return null;
    });
  }

  @Test
  void aWrongPasswordWhoseRecordFailsIsStillAWrongPasswordAndWarned() throws Exception {
    String dee = account("dee");
    int before = events(dee).size();
    ListAppender<ILoggingEvent> warnings = watchWarnings();
    try {
      journal.failNextPersisted("Account|" + dee);
      assertEquals(Optional.empty(), await(imap.check(dee, "wrong password", CLIENT)));
      testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
        assertTrue(warnings.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().startsWith(
                    "imap login failure of " + dee + " from " + CLIENT + " not recorded")),
            warnings.list.toString());
        return null;
      });
      assertEquals(before, events(dee).size(), "nothing recorded");
    } finally {
      unwatch(warnings);
    }
  }

  @Test
  void aUserNameThatIsNotAnAddressIsAWrongPasswordAndRecordsNothing() throws Exception {
    assertEquals(Optional.empty(), await(imap.check("not an address", PASSWORD, CLIENT)));
    assertEquals(Optional.empty(), await(imap.check("", PASSWORD, CLIENT)));
  }

  @Test
  void anAddressWithoutAccountRecordsNothingAndWarnsNothing() throws Exception {
    ListAppender<ILoggingEvent> warnings = watchWarnings();
    try {
      assertEquals(Optional.empty(), await(imap.check("nobody@login.test", PASSWORD, CLIENT)));
      String eve = account("eve");
      await(control.removeAccount(eve));
      assertEquals(Optional.empty(), await(imap.check(eve, PASSWORD, CLIENT)));
      // a later ask of the same entities comes after the records were refused
      assertThrows(ExecutionException.class, () -> await(control.getAccount("nobody@login.test")));
      assertThrows(ExecutionException.class, () -> await(control.getAccount(eve)));
      assertEquals(List.of(), events("nobody@login.test"));
      assertTrue(events(eve).stream().noneMatch(e -> e instanceof Account.LoginFailed));
      assertEquals(List.of(), warnings.list);
    } finally {
      unwatch(warnings);
    }
  }

  @Test
  void theImapAndPop3BackendsRecordTheirProtocol() throws Exception {
    String fay = account("fay");
    var folders = new FolderService(testKit.system());
    var imapBackend = new ClusterImapBackend(
        testKit.system(), control, folders, () -> null, Duration.ofSeconds(5));
    // authenticate uses neither the maildrop locks nor the blob store
    var pop3Backend = new ClusterPop3Backend(
        testKit.system(), control, folders, null, null, Duration.ofSeconds(5));
    assertEquals(Optional.of(fay), await(imapBackend.authenticate(fay, PASSWORD, "192.0.2.1")));
    assertEquals(new Account.LoginSucceeded("imap", "192.0.2.1",
        ((Account.LoginSucceeded) lastEvent(fay)).at()), lastEvent(fay));
    assertEquals(Optional.of(fay), await(pop3Backend.authenticate(fay, PASSWORD, "192.0.2.2")));
    assertEquals(new Account.LoginSucceeded("pop3", "192.0.2.2",
        ((Account.LoginSucceeded) lastEvent(fay)).at()), lastEvent(fay));
  }

  private static ListAppender<ILoggingEvent> watchWarnings() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Logger logger = (Logger) LoggerFactory.getLogger(PasswordLogin.class);
    logger.addAppender(appender);
    return appender;
  }

  private static void unwatch(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(PasswordLogin.class)).detachAppender(appender);
  }
}
