package io.meseta.slave.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which user a task runs as, with a password database of four accounts. */
class TaskUserPolicyTest {
  private static final Map<String, OsUser> ACCOUNTS = Map.of(
      "root", new OsUser("root", 0, 0, Path.of("/root")),
      "nobody", new OsUser("nobody", 65534, 65534, Path.of("/nonexistent")),
      "alice", new OsUser("alice", 1000, 1000, Path.of("/home/alice")),
      "bob", new OsUser("bob", 1001, 1001, Path.of("/home/bob")));
  private static final UserDirectory DIRECTORY = name -> Optional.ofNullable(ACCOUNTS.get(name));

  private static TaskUserPolicy as(String agent) throws UserRefusedException {
    return TaskUserPolicy.of(ACCOUNTS.get(agent), "nobody", DIRECTORY);
  }

  private static Optional<String> some(String s) {
    return Optional.of(s);
  }

  @Test
  void aRootAgentRunsTheCommandUserElseAnExistingFrameworkUserElseTheDefault() throws Exception {
    TaskUserPolicy root = as("root");

    assertEquals(some("alice"), root.choose(some("alice"), some("bob")));
    assertEquals(some("bob"), root.choose(Optional.empty(), some("bob")));
    assertEquals(some("nobody"), root.choose(Optional.empty(), some("tester")), "no such account: the default");
    assertEquals(some("nobody"), root.choose(Optional.empty(), Optional.empty()));
    assertEquals(some("root"), root.choose(some("root"), Optional.empty()), "root when named");
    assertTrue(root.switchesUsers());
  }

  @Test
  void aRootAgentRefusesACommandUserThatIsNoAccount() throws Exception {
    UserRefusedException e = assertThrows(UserRefusedException.class,
        () -> as("root").choose(some("mallory"), some("alice")));

    assertTrue(e.getMessage().contains("'mallory'") && e.getMessage().contains("not an account"), e.getMessage());
  }

  @Test
  void anAgentThatIsNotRootRunsEverythingAsItselfAndRefusesAnotherCommandUser() throws Exception {
    TaskUserPolicy alice = as("alice");

    assertEquals(Optional.empty(), alice.choose(Optional.empty(), some("bob")), "the framework user is ignored");
    assertEquals(Optional.empty(), alice.choose(some("alice"), Optional.empty()));
    UserRefusedException e = assertThrows(UserRefusedException.class, () -> alice.choose(some("bob"), some("bob")));
    assertTrue(e.getMessage().contains("'bob'") && e.getMessage().contains("'alice'")
        && e.getMessage().contains("not as root"), e.getMessage());
    assertEquals(false, alice.switchesUsers());
  }

  @Test
  void aRootAgentNeedsItsDefaultUserToExist() {
    UserRefusedException e = assertThrows(UserRefusedException.class,
        () -> TaskUserPolicy.of(ACCOUNTS.get("root"), "ghost", DIRECTORY));

    assertTrue(e.getMessage().contains("'ghost'") && e.getMessage().contains("task_user"), e.getMessage());
  }

  @Test
  void aFailingLookupRefusesTheTaskNamingTheUser() throws Exception {
    TaskUserPolicy policy = TaskUserPolicy.of(ACCOUNTS.get("root"), "nobody",
        name -> {
          if (name.equals("nobody")) {
            return Optional.of(ACCOUNTS.get("nobody"));
          }
          throw new IOException("LDAP is down");
        });

    UserRefusedException e = assertThrows(UserRefusedException.class, () -> policy.choose(some("carol"), some("x")));

    assertTrue(e.getMessage().contains("carol") && e.getMessage().contains("LDAP is down"), e.getMessage());
  }

  @Test
  void passwdLinesAreParsed() throws Exception {
    assertEquals(new OsUser("nobody", 65534, 65534, Path.of("/nonexistent")),
        UserDirectory.parsePasswdLine("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"));
    assertThrows(IOException.class, () -> UserDirectory.parsePasswdLine("nobody:x:65534"));
    assertEquals(Optional.empty(), UserDirectory.system().lookup("-rf"), "not a user name: no lookup");
    assertEquals(Optional.empty(), UserDirectory.system().lookup("0"), "digits are not a name");
  }
}
