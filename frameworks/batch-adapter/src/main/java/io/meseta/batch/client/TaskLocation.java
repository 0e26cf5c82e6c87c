package io.meseta.batch.client;

import io.meseta.batch.engine.TaskRecord;
import java.util.Optional;

/**
 * Where a task's latest attempt ran: its record, the framework id and the Meseta task id, which
 * name its sandbox ({@code AGENT_WORK_DIR/sandboxes/FRAMEWORK_ID/TASK_ID/}) on its host, and the
 * master the service runs it through ({@code bin/meseta logs TASK_ID --framework ID --master M}).
 */
public record TaskLocation(TaskRecord task, Optional<String> frameworkId, Optional<String> mesetaTaskId,
    Optional<String> master) {}
