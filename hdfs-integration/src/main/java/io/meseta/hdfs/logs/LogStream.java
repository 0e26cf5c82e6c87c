package io.meseta.hdfs.logs;

/** The output files of a task's sandbox that are archived. */
public enum LogStream {
  STDOUT("stdout"),
  STDERR("stderr");

  private final String fileName;

  LogStream(String fileName) {
    this.fileName = fileName;
  }

  /** The file's name, both in the sandbox and in the archive. */
  public String fileName() {
    return fileName;
  }
}
