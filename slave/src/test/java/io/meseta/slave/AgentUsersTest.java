package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meseta.core.task.Command;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.TaskStatus;
import io.meseta.core.task.StatusReasons;
import io.meseta.slave.users.OsUser;
import io.meseta.slave.users.UserDirectory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS users tasks run as, with an agent running as root: never silently root. Skips when the
 * tests do not run as root (the rules for other agents are {@code TaskUserPolicyTest}'s).
 */
class AgentUsersTest {
  @TempDir
  Path workDir;

  private AgentHarness h;
  private OsUser nobody;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Isolation.root(), "needs root: only a root agent runs tasks as other users");
    nobody = UserDirectory.system().lookup("nobody").orElseThrow(() -> new AssertionError("no user nobody here"));
    h = AgentHarness.start(workDir);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static long uidOf(Path p) throws Exception {
    return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
  }

  @Test
  void aTaskNamingNoUserRunsAsNobodyInASandboxItOwns() throws Exception {
    h.launch(h.task("t1", "id -u; id -un; echo \"$USER $HOME\"; touch made-by-task; mkdir dir-by-task"));

    h.ackUntil("t1", TaskState.FINISHED);

    Path sandbox = h.sandbox("t1");
    assertEquals(List.of(Long.toString(nobody.uid()), "nobody", "nobody " + nobody.home()),
        Files.readAllLines(sandbox.resolve("stdout")));
    for (Path p : List.of(sandbox, sandbox.resolve("made-by-task"), sandbox.resolve("dir-by-task"),
        sandbox.resolve("stdout"), sandbox.resolve("stderr"))) {
      assertEquals(nobody.uid(), uidOf(p), p + " belongs to the task's user");
    }
    assertEquals(nobody.uid(), uidOf(sandbox.resolve(".meseta-exit")),
        "the exit status is recorded as the task's user, not as root in a directory the task owns");
  }

  @Test
  void aFrameworkUserThatIsAnAccountHereIsUsedAndOneThatIsNotFallsBackToTheDefault() throws Exception {
    Optional<OsUser> daemon = UserDirectory.system().lookup("daemon");
    assumeTrue(daemon.isPresent(), "needs the account 'daemon'");
    h.launchAs("daemon", h.task("t1", "id -un"));
    h.launchAs("meseta-test-no-such-account", h.task("t2", "id -un"));
    h.launchAs("daemon", h.task("t3", "cpus:0.1;mem:16", new Command(Optional.of("id -un"), List.of(), Map.of(),
        List.of(), Optional.of("root"))));

    h.ackUntil("t1", TaskState.FINISHED);
    h.ackUntil("t2", TaskState.FINISHED);
    h.ackUntil("t3", TaskState.FINISHED);

    assertEquals("daemon\n", Files.readString(h.sandbox("t1").resolve("stdout")));
    assertEquals("nobody\n", Files.readString(h.sandbox("t2").resolve("stdout")));
    assertEquals("root\n", Files.readString(h.sandbox("t3").resolve("stdout")), "the command's user comes first");
  }

  @Test
  void aCommandUserThatIsNoAccountHereFailsTheTaskSayingSo() throws Exception {
    h.launch(h.task("t1", "cpus:0.1;mem:16", new Command(Optional.of("touch ran"), List.of(), Map.of(), List.of(),
        Optional.of("meseta-test-no-such-account"))));

    TaskStatus failed = h.ackUntil("t1", TaskState.FAILED);

    assertEquals(StatusReasons.USER_NOT_ALLOWED, failed.getReason());
    assertTrue(failed.getMessage().contains("'meseta-test-no-such-account'")
        && failed.getMessage().contains("not an account"), failed.getMessage());
    assertTrue(Files.notExists(h.sandbox("t1").resolve("ran")));
    assertEquals(FW, failed.getFrameworkId());
  }
}
