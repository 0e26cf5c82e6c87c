package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.meseta.core.resources.Resources;
import io.meseta.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pid namespace and the private /tmp, alone and with cgroups. Needs root; skips otherwise. */
class NamespaceIsolatorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  private IsolationRequest request(String id) {
    return IsolationRequest.of(id, tmp.resolve("sandbox"), Resources.parse("cpus:1;mem:64"));
  }

  private static PidNamespaceIsolator pid() {
    Machine.assumeRoot();
    try {
      return PidNamespaceIsolator.open();
    } catch (IsolationException e) {
      return fail("root, yet no pid namespace: " + e.getMessage());
    }
  }

  private static FilesystemIsolator filesystem() {
    Machine.assumeRoot();
    try {
      return FilesystemIsolator.open();
    } catch (IsolationException e) {
      return fail("root, yet no mount namespace: " + e.getMessage());
    }
  }

  private static int run(Process p) throws InterruptedException {
    assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "still running");
    return p.exitValue();
  }

  @Test
  void psInAPidNamespaceShowsOnlyTheContainersProcesses() throws Exception {
    IsolationRequest r = request("fw/ps");
    Process p = TestLauncher.start(pid(), r, "sleep 30 & ps -e -o pid=,comm=; ls /proc | grep -c '^[0-9]' > count");

    assertEquals(0, run(p), TestLauncher.stderr(r.sandbox()));

    List<String> lines = TestLauncher.stdout(r.sandbox()).strip().lines().map(String::strip).toList();
    Set<String> commands = new TreeSet<>();
    for (String line : lines) {
      String[] f = line.split("\\s+", 2);
      assertTrue(Long.parseLong(f[0]) <= 5, "pid " + f[0] + " in a fresh namespace: " + lines);
      commands.add(f[1]);
    }
    assertTrue(Set.of("sh", "sleep", "ps").containsAll(commands) && commands.contains("ps"), lines.toString());
    assertTrue(lines.size() <= 4, lines.toString());
    assertTrue(Long.parseLong(Files.readString(r.sandbox().resolve("count")).strip()) <= 5);
  }

  /** The namespace's init is a shell that forwards SIGTERM: a command as pid 1 would ignore it. */
  @Test
  void sigtermToTheProcessGroupReachesTheCommand() throws Exception {
    IsolationRequest r = request("fw/term");
    Process p = TestLauncher.start(pid(), r, "trap 'echo got TERM; exit 3' TERM; echo ready; sleep 300 & wait");
    Await.until("the command started", WAIT, () -> Files.exists(r.sandbox().resolve("stdout"))
        && CgroupFiles.read(r.sandbox().resolve("stdout")).orElse("").contains("ready"));

    Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start();
    assertEquals(0, run(kill));

    assertEquals(3, run(p));
    assertTrue(TestLauncher.stdout(r.sandbox()).contains("got TERM"));
  }

  @Test
  void theContainerHasItsOwnTmpInsideItsSandbox() throws Exception {
    IsolationRequest r = request("fw/tmp");
    String marker = "meseta-marker-" + ProcessHandle.current().pid();
    Path sandbox = r.sandbox();
    Process p = TestLauncher.start(filesystem(), r, "echo hi > /tmp/" + marker + "; echo \"$TMPDIR\"; "
        + "echo reachable > " + IsolationPlan.quote(sandbox.resolve("by-absolute-path").toString()));

    assertEquals(0, run(p), TestLauncher.stderr(sandbox));

    assertEquals("hi\n", Files.readString(sandbox.resolve("tmp").resolve(marker)));
    assertFalse(Files.exists(Path.of("/tmp", marker)), "written to the host's /tmp");
    assertEquals("/tmp\n", TestLauncher.stdout(sandbox));
    // The sandbox lies under /tmp here; it stays reachable at its own path inside the container.
    assertEquals("reachable\n", Files.readString(sandbox.resolve("by-absolute-path")));
  }

  @Test
  void allTogetherCgroupsPidNamespaceAndPrivateTmp() throws Exception {
    Machine.assumeRoot();
    CgroupsIsolator cgroups = Machine.cgroups(Machine.testConfig());
    IsolatorSet set = IsolatorSet.of(List.of(filesystem(), cgroups, pid()));
    assertEquals(List.of("cgroups", "namespaces/pid", "filesystem"), set.names());
    IsolationRequest r = request("fw/all");
    try {
      Process p = TestLauncher.start(set, r, "ps -e -o pid= | wc -l; touch /tmp/x; sleep 300 & exec sleep 300");
      Await.until("running", WAIT, () -> set.usage("fw/all").map(u -> u.processes() >= 4).orElse(false)
          && Files.exists(r.sandbox().resolve("tmp/x")));
      assertTrue(Integer.parseInt(TestLauncher.stdout(r.sandbox()).strip()) <= 5, TestLauncher.stdout(r.sandbox()));

      set.destroy("fw/all");

      assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertFalse(cgroups.layout().exists(GroupName.of("fw/all")));
    } finally {
      set.destroy("fw/all");
      Machine.removeParents(cgroups);
    }
  }
}
