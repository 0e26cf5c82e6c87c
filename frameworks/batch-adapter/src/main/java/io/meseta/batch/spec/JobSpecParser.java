package io.meseta.batch.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads job specs from YAML or JSON, strictly: an unknown field, a value of the wrong type or a
 * missing required field is an error naming where it is; then {@link JobSpecValidator} checks the
 * whole ({@code dependsOn} cycles, negative resources, ...). Every problem found is reported at once.
 */
public final class JobSpecParser {
  /** The two spellings of a spec. */
  public enum Format {
    YAML, JSON;

    /** JSON for a {@code .json} file, else YAML. */
    public static Format ofFileName(String name) {
      return name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }
  }

  private static final Set<String> JOB_FIELDS =
      Set.of("name", "role", "maxParallelTasks", "failurePolicy", "outputDir", "stages");
  private static final Set<String> STAGE_FIELDS = Set.of("name", "dependsOn", "tasks", "forEach", "task");
  private static final Set<String> FOR_EACH_FIELDS = Set.of("input", "split", "recursive");
  private static final Set<String> TASK_FIELDS =
      Set.of("name", "command", "java", "resources", "env", "retries", "timeout");
  private static final Set<String> JAVA_FIELDS = Set.of("mainClass", "classpath", "args", "jvmOptions");
  private static final Set<String> RESOURCE_FIELDS = Set.of("cpus", "mem", "disk");
  private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "backoff", "maxBackoff");

  private JobSpecParser() {}

  /** Reads the spec in {@code file} (JSON if it ends in {@code .json}, else YAML). */
  public static JobSpec read(Path file) throws IOException, JobSpecException {
    return parse(Files.readString(file), Format.ofFileName(file.getFileName().toString()));
  }

  /** Parses and validates a spec. */
  public static JobSpec parse(String text, Format format) throws JobSpecException {
    ObjectMapper mapper = format == Format.JSON ? new JsonMapper() : new YAMLMapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JacksonException e) {
      throw new JobSpecException("not valid " + format + ": " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")" : ""));
    }
    List<String> problems = new ArrayList<>();
    JobSpec spec = job(new SpecNode(root, "", problems));
    if (spec != null) {
      problems.addAll(JobSpecValidator.problems(spec));
    }
    if (!problems.isEmpty()) {
      throw new JobSpecException(problems);
    }
    return spec;
  }

  private static JobSpec job(SpecNode n) {
    if (!n.object(JOB_FIELDS)) {
      return null;
    }
    String name = n.requiredText("name").orElse("");
    String role = n.text("role").orElse("*");
    int maxParallel = n.integer("maxParallelTasks").orElse(JobSpec.DEFAULT_MAX_PARALLEL);
    FailurePolicy policy = n.text("failurePolicy").map(p -> failurePolicy(n, p)).orElse(FailurePolicy.STOP);
    Optional<String> outputDir = n.text("outputDir");
    List<StageSpec> stages = new ArrayList<>();
    for (SpecNode s : n.list("stages")) {
      StageSpec stage = stage(s);
      if (stage != null) {
        stages.add(stage);
      }
    }
    return new JobSpec(name, role, maxParallel, policy, outputDir, stages);
  }

  private static FailurePolicy failurePolicy(SpecNode n, String value) {
    for (FailurePolicy p : FailurePolicy.values()) {
      if (p.specName().equals(value)) {
        return p;
      }
    }
    n.child("failurePolicy").problem("must be 'stop' or 'continue', got '" + value + "'");
    return FailurePolicy.STOP;
  }

  private static StageSpec stage(SpecNode n) {
    if (!n.object(STAGE_FIELDS)) {
      return null;
    }
    String name = n.requiredText("name").orElse("");
    List<String> dependsOn = n.texts("dependsOn");
    if (n.has("forEach")) {
      if (n.has("tasks")) {
        n.problem("a stage has either 'tasks' or 'forEach' with 'task', not both");
      }
      if (!n.has("task")) {
        n.problem("a 'forEach' stage needs a 'task' template");
        return null;
      }
      ForEachSpec input = forEach(n.child("forEach"));
      TaskSpec template = task(n.child("task"), Optional.of(name));
      return input == null || template == null ? null : StageSpec.forEach(name, dependsOn, input, template);
    }
    if (n.has("task")) {
      n.problem("'task' is the template of a 'forEach' stage; list a plain stage's tasks under 'tasks'");
    }
    if (!n.has("tasks")) {
      n.problem("a stage needs 'tasks' (a list) or 'forEach' with 'task'");
      return null;
    }
    List<TaskSpec> tasks = new ArrayList<>();
    for (SpecNode t : n.list("tasks")) {
      TaskSpec task = task(t, Optional.empty());
      if (task != null) {
        tasks.add(task);
      }
    }
    return StageSpec.ofTasks(name, dependsOn, tasks);
  }

  private static ForEachSpec forEach(SpecNode n) {
    if (!n.object(FOR_EACH_FIELDS)) {
      return null;
    }
    if (!n.has("input")) {
      n.problem("missing field 'input' (a path, directory or glob, or a list of them)");
    }
    List<String> inputs = n.texts("input");
    SplitMode mode = SplitMode.BLOCKS;
    Optional<String> split = n.text("split");
    if (split.isPresent()) {
      mode = switch (split.get()) {
        case "blocks" -> SplitMode.BLOCKS;
        case "files" -> SplitMode.FILES;
        default -> {
          n.child("split").problem("must be 'blocks' or 'files', got '" + split.get() + "'");
          yield SplitMode.BLOCKS;
        }
      };
    }
    return new ForEachSpec(inputs, mode, n.bool("recursive").orElse(false));
  }

  private static TaskSpec task(SpecNode n, Optional<String> templateOf) {
    if (!n.object(TASK_FIELDS)) {
      return null;
    }
    String name = templateOf.isPresent() ? n.text("name").orElse(templateOf.get()) : n.requiredText("name").orElse("");
    Program program = program(n);
    TaskResources resources = resources(n);
    RetryPolicy retries = retries(n);
    // Without a program the problem is recorded already; the stand-in keeps the validator from repeating it.
    return new TaskSpec(name, program == null ? new Program.Shell("true") : program, resources, n.textMap("env"),
        retries, n.duration("timeout"));
  }

  private static Program program(SpecNode n) {
    if (n.has("command") == n.has("java")) {
      n.problem("a task needs exactly one of 'command' (a shell command) or 'java' (a main class)");
      return null;
    }
    if (n.has("command")) {
      return new Program.Shell(n.text("command").orElse(""));
    }
    SpecNode j = n.child("java");
    if (!j.object(JAVA_FIELDS)) {
      return null;
    }
    return new Program.Java(j.requiredText("mainClass").orElse(""), j.texts("classpath"), j.texts("args"),
        j.texts("jvmOptions"));
  }

  private static TaskResources resources(SpecNode n) {
    if (!n.has("resources")) {
      return TaskResources.DEFAULT;
    }
    SpecNode r = n.child("resources");
    if (!r.object(RESOURCE_FIELDS)) {
      return TaskResources.DEFAULT;
    }
    return new TaskResources(r.number("cpus").orElse(TaskResources.DEFAULT.cpus()),
        r.number("mem").orElse(TaskResources.DEFAULT.mem()), r.number("disk").orElse(TaskResources.DEFAULT.disk()));
  }

  private static RetryPolicy retries(SpecNode n) {
    if (!n.has("retries")) {
      return RetryPolicy.NONE;
    }
    SpecNode r = n.child("retries");
    if (!r.object(RETRY_FIELDS)) {
      return RetryPolicy.NONE;
    }
    return new RetryPolicy(r.integer("maxAttempts").orElse(1), r.duration("backoff").orElse(RetryPolicy.NONE.backoff()),
        r.duration("maxBackoff").orElse(RetryPolicy.NONE.maxBackoff()));
  }
}
