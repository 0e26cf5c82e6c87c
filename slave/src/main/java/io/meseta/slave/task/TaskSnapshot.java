package io.meseta.slave.task;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;

/** A task the agent knows, with the state of its latest status update. */
public record TaskSnapshot(FrameworkId frameworkId, TaskSpec spec, TaskState state) {}
