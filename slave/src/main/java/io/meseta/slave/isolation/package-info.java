/**
 * Isolation of containers on an agent: cgroups (v1 and v2), a pid namespace, a private {@code /tmp},
 * and a posix fallback that polls the process tree, each an {@link io.meseta.slave.isolation.Isolator}
 * composed by {@link io.meseta.slave.isolation.IsolatorSet}.
 *
 * <p>An isolator does not start processes. For each container it contributes an
 * {@link io.meseta.slave.isolation.IsolationPlan} (shell lines run before the command, a command
 * prefix, environment variables) that the containerizer applies when it starts the container's
 * process, and it answers for the container afterwards: usage, limits reached, and destruction of
 * every process the container left, daemons that escaped the process group included.
 */
package io.meseta.slave.isolation;
