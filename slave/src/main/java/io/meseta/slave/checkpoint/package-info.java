/**
 * What an agent keeps in its work directory so that, restarted after it died (even by SIGKILL),
 * it finds its tasks again. All under {@code workDir/meta/}, each file replaced atomically
 * (temporary file, then rename):
 *
 * <ul>
 *   <li>{@code agent.json}: the agent's id and the master it last registered with
 *       ({@link io.meseta.slave.checkpoint.AgentCheckpoint}; forced to disk);
 *   <li>{@code tasks/<frameworkId>/<taskId>.json}: one per task not yet forgotten: the task as
 *       launched, its state, its process (pid and start time) and any kill requested
 *       ({@link io.meseta.slave.checkpoint.TaskCheckpointStore});
 *   <li>{@code updates/<frameworkId>/<taskId>.json}: the task's unacknowledged status updates, with
 *       their update ids ({@link io.meseta.slave.status.UpdateStore}).
 * </ul>
 *
 * <p>In each task's sandbox ({@code workDir/sandboxes/<frameworkId>/<taskId>/}) the wrapper the
 * task runs under writes {@code .meseta-pid} when it starts and {@code .meseta-exit} (the
 * command's exit status) when the command ends, even while no agent runs. A file that cannot be
 * read is logged as an error naming it and moved aside to {@code <file>.corrupt}.
 */
package io.meseta.slave.checkpoint;
