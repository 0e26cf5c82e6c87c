package io.meseta.batch.it;

/** A Java task with no dependency at all, run from a jar the agents fetch from HDFS. */
public final class HelloMain {
  private HelloMain() {}

  public static void main(String[] args) {
    System.out.println("hello " + String.join(" ", args) + " from " + System.getenv("MESETA_TASK_KEY"));
  }
}
