/** Access to Hadoop file systems: one client per file system, and the failures callers tell apart. */
package io.meseta.hdfs.fs;
