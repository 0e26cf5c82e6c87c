/**
 * The OS users tasks run as: looking them up ({@link io.meseta.slave.users.UserDirectory}) and
 * choosing one for each task ({@link io.meseta.slave.users.TaskUserPolicy}). Switching to the
 * chosen user is the containerizer's job.
 */
package io.meseta.slave.users;
