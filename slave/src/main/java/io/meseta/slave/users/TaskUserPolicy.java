package io.meseta.slave.users;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the OS user a task runs as. A task's command may <em>require</em> a user
 * ({@code CommandInfo.user}); its framework <em>names</em> one ({@code FrameworkInfo.user}), which
 * may be a cluster identity rather than an account of this machine.
 *
 * <p>An agent running as root never runs a task as root unless root was named:
 * <ol>
 *   <li>the command's user, which must exist here (else the task is refused);</li>
 *   <li>else the framework's user, if an account of that name exists here;</li>
 *   <li>else the agent's default task user ({@code task_user}, {@value #DEFAULT_TASK_USER} by default).</li>
 * </ol>
 *
 * <p>An agent not running as root cannot switch users: every task runs as the agent's user, the
 * framework's user is ignored, and a task whose command requires another user is refused.
 */
public final class TaskUserPolicy {
  public static final String DEFAULT_TASK_USER = "nobody";
  private static final Logger LOG = LoggerFactory.getLogger(TaskUserPolicy.class);

  private final OsUser agent;
  private final String defaultUser;
  private final UserDirectory directory;

  private TaskUserPolicy(OsUser agent, String defaultUser, UserDirectory directory) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.defaultUser = Objects.requireNonNull(defaultUser, "defaultUser");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * The policy of an agent running as {@code agent}.
   *
   * @throws UserRefusedException if the agent is root and {@code defaultUser} is no account here
   */
  public static TaskUserPolicy of(OsUser agent, String defaultUser, UserDirectory directory)
      throws UserRefusedException {
    TaskUserPolicy policy = new TaskUserPolicy(agent, defaultUser, directory);
    if (agent.isRoot() && policy.find(defaultUser).isEmpty()) {
      throw new UserRefusedException("the default task user '" + defaultUser
          + "' (task_user) is not an account of this machine");
    }
    return policy;
  }

  /** The policy of this JVM's user, with the system's password database. */
  public static TaskUserPolicy forThisProcess(String defaultUser) throws UserRefusedException {
    return of(OsUser.ofThisProcess(), defaultUser, UserDirectory.system());
  }

  /** Whether tasks may run as users other than the agent's (the agent is root). */
  public boolean switchesUsers() {
    return agent.isRoot();
  }

  public OsUser agentUser() {
    return agent;
  }

  /**
   * The user a task runs as, by the rules above: a name to run the task as, or empty for the
   * agent's own user.
   *
   * @param commandUser   the user the task's command requires, if any
   * @param frameworkUser the user its framework names, if any
   * @throws UserRefusedException saying which user cannot be used and why
   */
  public Optional<String> choose(Optional<String> commandUser, Optional<String> frameworkUser)
      throws UserRefusedException {
    if (!agent.isRoot()) {
      if (commandUser.isPresent() && !commandUser.get().equals(agent.name())) {
        throw new UserRefusedException("the task's command asks to run as user '" + commandUser.get()
            + "', but this agent runs as '" + agent.name() + "', not as root, and cannot switch users");
      }
      return Optional.empty();
    }
    if (commandUser.isPresent()) {
      if (find(commandUser.get()).isEmpty()) {
        throw new UserRefusedException("the task's command asks to run as user '" + commandUser.get()
            + "', which is not an account of this machine");
      }
      return commandUser;
    }
    if (frameworkUser.isPresent()) {
      if (find(frameworkUser.get()).isPresent()) {
        return frameworkUser;
      }
      LOG.debug("Framework user '{}' is not an account here; running the task as '{}'", frameworkUser.get(),
          defaultUser);
    }
    return Optional.of(defaultUser);
  }

  private Optional<OsUser> find(String name) throws UserRefusedException {
    try {
      return directory.lookup(name);
    } catch (IOException e) {
      throw new UserRefusedException("cannot look up user '" + name + "': " + e.getMessage(), e);
    }
  }
}
