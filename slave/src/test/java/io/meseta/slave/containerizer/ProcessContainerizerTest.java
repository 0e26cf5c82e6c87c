package io.meseta.slave.containerizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import io.meseta.slave.users.OsUser;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: output files, exit statuses, and kills of the whole process group. */
class ProcessContainerizerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  private final ProcessContainerizer containerizer = new ProcessContainerizer();
  private final List<Long> pids = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    pids.forEach(ProcessProbe::killQuietly);
    containerizer.close();
  }

  private Path sandbox() {
    return tmp.resolve("sandbox");
  }

  private Container shell(String commandLine, Map<String, String> env) throws ContainerLaunchException {
    Container c = containerizer.launch(new ContainerSpec("fw/task", sandbox(), Optional.of(commandLine), List.of(),
        env, Optional.empty(), Resources.parse("cpus:1;mem:32")));
    pids.add(c.pid());
    return c;
  }

  private ContainerExit exitOf(Container c) throws Exception {
    return containerizer.exit(c).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private long awaitPid(String file) {
    long pid = Await.value("a pid in " + file, WAIT, () -> ProcessProbe.pidIn(sandbox().resolve(file)),
        Optional::isPresent).orElseThrow();
    pids.add(pid);
    return pid;
  }

  @Test
  void runsInTheSandboxWithOutputInFilesAndReportsTheExitStatus() throws Exception {
    Container c = shell("echo \"$GREETING out\"; echo err >&2; pwd > where; exit 7", Map.of("GREETING", "hi"));

    ContainerExit exit = exitOf(c);

    assertEquals(new ContainerExit(7), exit);
    assertEquals("exited with status 7", exit.describe());
    assertEquals("hi out\n", Files.readString(sandbox().resolve("stdout")));
    assertEquals("err\n", Files.readString(sandbox().resolve("stderr")));
    assertEquals(sandbox().toRealPath().toString(), Files.readString(sandbox().resolve("where")).trim());
  }

  @Test
  void runsAnArgumentVectorWithoutAShell() throws Exception {
    Container c = containerizer.launch(new ContainerSpec("argv", sandbox(), Optional.empty(),
        List.of("/bin/echo", "a  b", "$HOME"), Map.of(), Optional.empty(), Resources.EMPTY));
    pids.add(c.pid());

    assertTrue(exitOf(c).succeeded());
    assertEquals("a  b $HOME\n", Files.readString(sandbox().resolve("stdout")));
  }

  @Test
  void theProcessLeadsItsOwnProcessGroup() throws Exception {
    Container c = shell("echo $$ > pid; exec sleep 300", Map.of());
    awaitPid("pid");

    assertEquals(Optional.of(c.pid()), ProcessProbe.processGroup(c.pid()));
    assertTrue(c.isAlive());
  }

  @Test
  void killStopsTheWholeProcessGroup() throws Exception {
    Container c = shell("sleep 300 & echo $! > child; sleep 300; wait", Map.of());
    long child = awaitPid("child");
    assertEquals(Optional.of(c.pid()), ProcessProbe.processGroup(child), "the child is in the container's group");

    containerizer.kill(c, Duration.ofSeconds(30));

    assertEquals(OptionalInt.of(15), exitOf(c).signal(), "SIGTERM ends a shell that does not trap it");
    Await.until("the background child " + child + " is gone", WAIT, () -> !ProcessProbe.running(child));
  }

  @Test
  void aProcessThatTrapsTermIsKilledAfterTheGracePeriod() throws Exception {
    Container c = shell("trap 'echo got-term >> trapped' TERM; echo $$ > pid; while :; do sleep 0.05; done",
        Map.of());
    awaitPid("pid");

    containerizer.kill(c, Duration.ofSeconds(1));

    ContainerExit exit = exitOf(c);
    assertEquals(OptionalInt.of(9), exit.signal(), exit.describe());
    assertEquals("killed by signal 9", exit.describe());
    assertTrue(Files.readString(sandbox().resolve("trapped")).contains("got-term"), "SIGTERM came first");
  }

  @Test
  void groupMembersThatIgnoreTermAreKilledEvenWhenTheMainProcessExited() throws Exception {
    // The main shell dies of SIGTERM; its child ignores SIGTERM and must still go after the grace period.
    Container c = shell("sh -c 'trap \"\" TERM; echo $$ > child; exec sleep 300' & sleep 300", Map.of());
    long child = awaitPid("child");

    containerizer.kill(c, Duration.ofMillis(200));

    assertEquals(OptionalInt.of(15), exitOf(c).signal());
    Await.until("the child " + child + " that ignores SIGTERM is gone", WAIT, () -> !ProcessProbe.running(child));
  }

  @Test
  void aKillAlreadyRequestedIsCarriedOutAfterClose() throws Exception {
    Container c = shell("trap '' TERM; echo $$ > pid; exec sleep 300", Map.of());
    awaitPid("pid");

    containerizer.kill(c, Duration.ofMillis(200));
    containerizer.close();

    assertEquals(OptionalInt.of(9), exitOf(c).signal());
  }

  @Test
  void killOfAnExitedContainerDoesNothing() throws Exception {
    Container c = shell("exit 0", Map.of());
    assertTrue(exitOf(c).succeeded());

    containerizer.kill(c, Duration.ZERO);

    assertEquals(new ContainerExit(0), exitOf(c));
  }

  @Test
  void anAgentThatIsNotRootRefusesAContainerNamingAnotherUser() {
    OsUser alice = new OsUser("alice", 1000, 1000, Path.of("/home/alice"));
    try (ProcessContainerizer asAlice = new ProcessContainerizer(ContainerIsolation.none(),
        new UserSwitch(alice, name -> Optional.empty(), Optional.empty()))) {
      ContainerLaunchException e = assertThrows(ContainerLaunchException.class, () -> asAlice.launch(
          new ContainerSpec("fw/bob", sandbox(), Optional.of("touch ran"), List.of(), Map.of(), Optional.of("bob"),
              Resources.EMPTY)));

      assertTrue(e.getMessage().contains("'bob'") && e.getMessage().contains("'alice'"), e.getMessage());
      assertTrue(Files.notExists(sandbox().resolve("ran")));
    }
  }

  @Test
  void anUnusableSandboxIsALaunchExceptionNamingIt() throws Exception {
    Files.writeString(tmp.resolve("file"), "not a directory");
    Path sandbox = tmp.resolve("file").resolve("sandbox");

    ContainerLaunchException e = assertThrows(ContainerLaunchException.class, () -> containerizer.launch(
        new ContainerSpec("bad", sandbox, Optional.of("true"), List.of(), Map.of(), Optional.empty(),
            Resources.EMPTY)));

    assertTrue(e.getMessage().contains(sandbox.toString()), e.getMessage());
  }
}
