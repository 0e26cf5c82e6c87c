/** Archiving a finished task's stdout and stderr to a Hadoop file system, and reading them back. */
package io.meseta.hdfs.logs;
