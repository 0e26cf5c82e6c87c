package io.meseta.slave.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans compose by concatenation, and the launch shell runs setup lines in the process that becomes the container. */
class IsolationPlanTest {
  @TempDir
  Path tmp;

  @Test
  void composesLinesInOrderPrefixesOuterFirstAndEnvironment() {
    IsolationPlan outer = new IsolationPlan(List.of("a"), List.of("p1", "--"), Map.of("X", "1"));
    IsolationPlan inner = new IsolationPlan(List.of("b"), List.of("p2"), Map.of("Y", "2"));

    IsolationPlan plan = outer.plus(inner);

    assertEquals(List.of("a", "b"), plan.setupLines());
    assertEquals(List.of("p1", "--", "p2", "cmd", "arg"), plan.prefixed(List.of("cmd", "arg")));
    assertEquals(Map.of("X", "1", "Y", "2"), plan.environment());
  }

  @Test
  void refusesConflictingEnvironmentAndMultiLineSetup() {
    IsolationPlan a = IsolationPlan.environment(Map.of("X", "1"));
    assertEquals(a, a.plus(IsolationPlan.environment(Map.of("X", "1"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.plus(IsolationPlan.environment(Map.of("X", "2"))));
    assertTrue(e.getMessage().contains("X"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IsolationPlan.lines("a\nb"));
  }

  @Test
  void withoutSetupLinesTheCommandIsUnchanged() {
    assertEquals(List.of("/bin/true"), IsolationPlan.EMPTY.launchCommand(List.of("/bin/true")));
  }

  @Test
  void setupLinesRunInTheProcessThatBecomesTheCommand() throws Exception {
    IsolationPlan plan = IsolationPlan.lines("echo $$ > setup.pid");

    Process p = TestLauncher.start(plan, tmp, "echo $$ > command.pid; exit 4");

    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(4, p.exitValue());
    String setupPid = Files.readString(tmp.resolve("setup.pid")).strip();
    assertEquals(setupPid, Files.readString(tmp.resolve("command.pid")).strip());
    assertEquals(Long.toString(p.pid()), setupPid); // setsid and the setup shell exec in place
  }

  @Test
  void aFailedSetupLineStopsTheLaunchWithStatus125() throws Exception {
    IsolationPlan plan = IsolationPlan.lines("echo $$ > " + IsolationPlan.quote(tmp.resolve("missing/dir").toString()));

    Process p = TestLauncher.start(plan, tmp, "touch ran");

    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(IsolationPlan.SETUP_FAILED_STATUS, p.exitValue());
    assertFalse(Files.exists(tmp.resolve("ran")));
    assertTrue(TestLauncher.stderr(tmp).contains("missing/dir"), TestLauncher.stderr(tmp));
  }

  @Test
  void quotesForTheShell() throws Exception {
    String nasty = "it's $HOME \"quoted\" `x` \\";
    Process p = TestLauncher.start(IsolationPlan.lines("printf %s " + IsolationPlan.quote(nasty) + " > out"), tmp,
        "true");
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(nasty, Files.readString(tmp.resolve("out")));
  }
}
