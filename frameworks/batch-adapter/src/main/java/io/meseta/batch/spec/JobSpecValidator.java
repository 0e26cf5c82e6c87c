package io.meseta.batch.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a whole {@link JobSpec}: names, references and cycles of {@code dependsOn}, resources,
 * retries and timeouts. Pure: input paths are checked when the job is planned (they need HDFS).
 */
public final class JobSpecValidator {
  /** Names of jobs, stages and tasks: they become parts of Meseta task ids. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  public static final int MAX_ATTEMPTS = 100;

  private JobSpecValidator() {}

  /** Throws a {@link JobSpecException} listing every problem, if there is any. */
  public static void validate(JobSpec spec) throws JobSpecException {
    List<String> problems = problems(spec);
    if (!problems.isEmpty()) {
      throw new JobSpecException(problems);
    }
  }

  /** Every problem of {@code spec}, each naming where it is; empty if it is fine. */
  public static List<String> problems(JobSpec spec) {
    List<String> out = new ArrayList<>();
    checkName(out, "name", spec.name());
    if (spec.maxParallelTasks() < 1) {
      out.add("maxParallelTasks: must be at least 1, got " + spec.maxParallelTasks());
    }
    if (spec.stages().isEmpty()) {
      out.add("stages: a job needs at least one stage");
    }
    Set<String> stageNames = new HashSet<>();
    for (int i = 0; i < spec.stages().size(); i++) {
      StageSpec s = spec.stages().get(i);
      String where = "stages[" + i + "]";
      checkName(out, where + ".name", s.name());
      if (!s.name().isEmpty() && !stageNames.add(s.name())) {
        out.add(where + ".name: another stage is also named '" + s.name() + "'");
      }
      checkStage(out, where, s);
    }
    for (int i = 0; i < spec.stages().size(); i++) {
      StageSpec s = spec.stages().get(i);
      for (String d : s.dependsOn()) {
        if (d.equals(s.name())) {
          out.add("stages[" + i + "].dependsOn: stage '" + s.name() + "' depends on itself");
        } else if (!stageNames.contains(d)) {
          out.add("stages[" + i + "].dependsOn: no stage is named '" + d + "' (stages: "
              + String.join(", ", spec.stages().stream().map(StageSpec::name).toList()) + ")");
        }
      }
    }
    findCycle(spec).ifPresent(cycle -> out.add("dependsOn has a cycle: " + String.join(" -> ", cycle)));
    return out;
  }

  private static void checkStage(List<String> out, String where, StageSpec s) {
    if (s.forEach().isPresent()) {
      ForEachSpec f = s.forEach().get();
      if (f.inputs().isEmpty() || f.inputs().stream().anyMatch(String::isBlank)) {
        out.add(where + ".forEach.input: name at least one path, directory or glob, none empty");
      }
      checkTask(out, where + ".task", s.template());
      return;
    }
    if (s.tasks().isEmpty()) {
      out.add(where + ".tasks: a stage needs at least one task");
    }
    Set<String> names = new HashSet<>();
    for (int t = 0; t < s.tasks().size(); t++) {
      TaskSpec task = s.tasks().get(t);
      String tw = where + ".tasks[" + t + "]";
      checkName(out, tw + ".name", task.name());
      if (!task.name().isEmpty() && !names.add(task.name())) {
        out.add(tw + ".name: another task of stage '" + s.name() + "' is also named '" + task.name() + "'");
      }
      checkTask(out, tw, task);
    }
  }

  private static void checkTask(List<String> out, String where, TaskSpec t) {
    if (t.program() instanceof Program.Shell sh && sh.command().isBlank()) {
      out.add(where + ".command: must not be empty");
    }
    if (t.program() instanceof Program.Java j && j.mainClass().isBlank()) {
      out.add(where + ".java.mainClass: must not be empty");
    }
    checkAmount(out, where + ".resources.cpus", t.resources().cpus());
    checkAmount(out, where + ".resources.mem", t.resources().mem());
    checkAmount(out, where + ".resources.disk", t.resources().disk());
    if (t.resources().cpus() <= 0 && t.resources().mem() <= 0) {
      out.add(where + ".resources: a task needs some cpus or mem");
    }
    int attempts = t.retries().maxAttempts();
    if (attempts < 1 || attempts > MAX_ATTEMPTS) {
      out.add(where + ".retries.maxAttempts: must be between 1 and " + MAX_ATTEMPTS + ", got " + attempts);
    }
    if (t.retries().backoff().compareTo(t.retries().maxBackoff()) > 0) {
      out.add(where + ".retries: backoff " + t.retries().backoff() + " is longer than maxBackoff "
          + t.retries().maxBackoff());
    }
    t.timeout().filter(d -> d.isZero() || d.isNegative())
        .ifPresent(d -> out.add(where + ".timeout: must be more than 0, got " + d));
    for (String key : t.env().keySet()) {
      if (key.isEmpty() || key.contains("=")) {
        out.add(where + ".env: '" + key + "' is not a valid variable name");
      }
    }
  }

  private static void checkAmount(List<String> out, String where, double amount) {
    if (!Double.isFinite(amount) || amount < 0) {
      out.add(where + ": must not be negative, got " + amount);
    }
  }

  private static void checkName(List<String> out, String where, String name) {
    if (name.isEmpty()) {
      return; // reported as missing by the parser, or below for specs built in code
    }
    if (!NAME.matcher(name).matches()) {
      out.add(where + ": '" + name + "' is not a valid name (1-63 of [A-Za-z0-9_-], starting with a letter or digit)");
    }
  }

  /** A cycle of {@code dependsOn} as the stage names along it, first repeated at the end. */
  static java.util.Optional<List<String>> findCycle(JobSpec spec) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (StageSpec s : spec.stages()) {
      deps.putIfAbsent(s.name(), s.dependsOn());
    }
    Map<String, Integer> color = new LinkedHashMap<>(); // 1 on the path, 2 done
    for (String start : deps.keySet()) {
      List<String> path = new ArrayList<>();
      java.util.Optional<List<String>> c = visit(start, deps, color, path);
      if (c.isPresent()) {
        return c;
      }
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<List<String>> visit(String stage, Map<String, List<String>> deps,
      Map<String, Integer> color, List<String> path) {
    Integer c = color.get(stage);
    if (c != null && c == 2) {
      return java.util.Optional.empty();
    }
    if (c != null && c == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(stage), path.size()));
      cycle.add(stage);
      return java.util.Optional.of(cycle);
    }
    color.put(stage, 1);
    path.add(stage);
    for (String d : deps.getOrDefault(stage, List.of())) {
      if (deps.containsKey(d) && !d.equals(stage)) {
        java.util.Optional<List<String>> found = visit(d, deps, color, path);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    color.put(stage, 2);
    return java.util.Optional.empty();
  }
}
