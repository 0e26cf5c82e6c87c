package io.meseta.slave.containerizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.resources.Resources;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent restarted on the same work directory relies on: the wrapper records each
 * command's exit status in the sandbox, and a second containerizer (standing in for the new agent
 * process) adopts a process the first one started, sees it exit, and can kill its process group.
 */
class ProcessContainerizerRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  private final ProcessContainerizer first = new ProcessContainerizer();
  private final ProcessContainerizer second = new ProcessContainerizer();
  private final List<Long> pids = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    pids.forEach(ProcessProbe::killQuietly);
    first.close();
    second.close();
  }

  private Path sandbox() {
    return tmp.resolve("sandbox");
  }

  private Container launch(String commandLine) throws ContainerLaunchException {
    Container c = first.launch(new ContainerSpec("fw/task", sandbox(), Optional.of(commandLine), List.of(), Map.of(),
        Optional.empty(), Resources.parse("cpus:1;mem:32")));
    pids.add(c.pid());
    return c;
  }

  private long awaitPid(String file) {
    long pid = Await.value("a pid in " + file, WAIT, () -> ProcessProbe.pidIn(sandbox().resolve(file)),
        Optional::isPresent).orElseThrow();
    pids.add(pid);
    return pid;
  }

  private void go() throws Exception {
    Files.createFile(sandbox().resolve("go"));
  }

  private static ContainerExit exitOf(ProcessContainerizer containerizer, Container c) throws Exception {
    return containerizer.exit(c).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void theWrapperRecordsTheExitStatusAndThePidInTheSandbox() throws Exception {
    Container c = launch("exit 5");

    assertEquals(new ContainerExit(5), exitOf(first, c));
    assertEquals(Optional.of(new ContainerExit(5)), first.recordedExit(sandbox()));
    assertEquals(c.pid() + "\n", Files.readString(sandbox().resolve(".meseta-pid")));
    assertEquals(c.pid(), c.identity().orElseThrow().pid());
  }

  @Test
  void theWrapperRecordsAKillBySignalAndTheCommandStillSeesTheSignal() throws Exception {
    Container c = launch("trap 'echo got-term > trapped; exit 9' TERM; echo $$ > pid; "
        + "while :; do sleep 0.05; done");
    awaitPid("pid");

    first.kill(c, Duration.ofSeconds(30));

    assertEquals(new ContainerExit(9), exitOf(first, c), "the command's own exit status, not the wrapper's");
    assertEquals(Optional.of(new ContainerExit(9)), first.recordedExit(sandbox()));
    assertEquals("got-term\n", Files.readString(sandbox().resolve("trapped")));
  }

  @Test
  void aNewLaunchInTheSameSandboxClearsTheOldRecord() throws Exception {
    assertTrue(exitOf(first, launch("exit 3")).status() == 3);

    Container c = launch("echo $$ > pid; until [ -e go ]; do sleep 0.05; done");
    awaitPid("pid");

    assertEquals(Optional.empty(), first.recordedExit(sandbox()));
    go();
    assertEquals(new ContainerExit(0), exitOf(first, c));
  }

  @Test
  void anAdoptedProcessIsSeenToExitWithItsRecordedStatus() throws Exception {
    Container c = launch("echo $$ > pid; until [ -e go ]; do sleep 0.05; done; exit 6");
    awaitPid("pid");

    Container adopted = second.recover("fw/task", sandbox(), c.identity().orElseThrow()).orElseThrow();
    assertEquals(c.pid(), adopted.pid());
    assertTrue(adopted.isAlive());
    go();

    assertEquals(new ContainerExit(6), exitOf(second, adopted));
    assertFalse(adopted.isAlive());
    assertEquals(Optional.empty(), second.recover("fw/task", sandbox(), c.identity().orElseThrow()),
        "an exited process cannot be adopted");
  }

  @Test
  void aProcessWithTheSamePidButAnotherStartTimeIsNotAdopted() throws Exception {
    Container c = launch("echo $$ > pid; exec sleep 300");
    awaitPid("pid");
    ProcessIdentity real = c.identity().orElseThrow();

    assertEquals(Optional.empty(), second.recover("fw/task", sandbox(), new ProcessIdentity(real.pid(),
        real.startTime() + 1)), "a recycled pid is not the task");
    assertTrue(second.recover("fw/task", sandbox(), real).isPresent());
  }

  @Test
  void anAdoptedProcessCanBeKilledByProcessGroup() throws Exception {
    Container c = launch("sleep 300 & echo $! > child; echo $$ > pid; wait");
    long child = awaitPid("child");
    awaitPid("pid");
    Container adopted = second.recover("fw/task", sandbox(), c.identity().orElseThrow()).orElseThrow();

    second.kill(adopted, Duration.ofSeconds(30));

    assertEquals(OptionalInt.of(15), exitOf(second, adopted).signal());
    Await.until("the group of " + c.pid() + " is gone", WAIT, () -> ProcessProbe.groupMembers(c.pid()).isEmpty());
    assertFalse(ProcessProbe.running(child));
  }

  @Test
  void anAdoptedProcessKilledWithoutARecordEndsWithAnUnknownStatus() throws Exception {
    Container c = launch("echo $$ > pid; exec sleep 300");
    awaitPid("pid");
    Container adopted = second.recover("fw/task", sandbox(), c.identity().orElseThrow()).orElseThrow();

    ProcessProbe.groupMembers(c.pid()).forEach(ProcessProbe::killQuietly); // SIGKILL: the wrapper records nothing

    ExecutionException e = assertThrows(ExecutionException.class, () -> exitOf(second, adopted));
    ExitStatusUnknownException unknown = assertInstanceOf(ExitStatusUnknownException.class, e.getCause());
    assertTrue(unknown.getMessage().contains(sandbox().toString()), unknown.getMessage());
  }

  /**
   * An orphan whose new parent never reaps it stays a zombie: {@link ProcessHandle#onExit()} would
   * wait for it forever, the containerizer takes it for exited. The parent here is a shell that
   * starts the wrapper and then execs {@code sleep}, which never waits for children.
   */
  @Test
  void anAdoptedProcessThatStaysAZombieCountsAsExited() throws Exception {
    Files.createDirectories(sandbox());
    List<String> wrapped = ExitRecordingWrapper.wrap(
        List.of("/bin/sh", "-c", "until [ -e go ]; do sleep 0.05; done; exit 4"));
    StringBuilder inner = new StringBuilder();
    for (String arg : wrapped) {
      inner.append('\'').append(arg.replace("'", "'\\''")).append("' ");
    }
    Process parent = new ProcessBuilder("/bin/sh", "-c", "setsid " + inner + "& exec sleep 300")
        .directory(sandbox().toFile()).start();
    pids.add(parent.pid());
    long pid = Await.value("the wrapper records its pid", WAIT,
        () -> ProcessProbe.pidIn(sandbox().resolve(".meseta-pid")), Optional::isPresent).orElseThrow();
    Container adopted = second.recoverFromSandbox("fw/task", sandbox()).orElseThrow();
    assertEquals(pid, adopted.pid());

    go();

    assertEquals(new ContainerExit(4), exitOf(second, adopted));
    assertTrue(Files.readString(Path.of("/proc", Long.toString(pid), "stat")).contains(") Z "),
        "the wrapper is still an unreaped zombie");
  }

  @Test
  void aProcessIsRecoveredFromItsSandboxOnlyIfItRunsThere() throws Exception {
    Container c = launch("echo $$ > pid; exec sleep 300");
    awaitPid("pid");
    Path elsewhere = tmp.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    Files.copy(sandbox().resolve(".meseta-pid"), elsewhere.resolve(".meseta-pid"));

    assertEquals(c.pid(), second.recoverFromSandbox("fw/task", sandbox()).orElseThrow().pid());
    assertEquals(Optional.empty(), second.recoverFromSandbox("other", elsewhere),
        "a pid file in another sandbox does not claim the process");
    assertEquals(Optional.empty(), second.recoverFromSandbox("none", tmp), "no pid file, no process");
  }
}
