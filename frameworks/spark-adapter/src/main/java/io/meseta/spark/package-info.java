/**
 * Spark 4 on Meseta: a cluster manager for Spark's {@code ExternalClusterManager} seam, no fork
 * of Spark.
 *
 * <p><b>Master URLs.</b> {@code meseta://HOST:PORT} or {@code meseta://zk://HOST:2181/PATH}
 * (for {@code SparkSession.builder().master(...)}), and the alias {@code spark+meseta://...} for
 * stock {@code spark-submit --deploy-mode client}: spark-submit rejects schemes that do not
 * start with {@code spark}, and treats {@code spark+meseta://} as standalone, which in client
 * mode just runs the main class; the SparkContext then finds this cluster manager through
 * {@code META-INF/services}. This jar must be on the driver's classpath ({@code --jars} or the
 * application jar). {@code bin/meseta spark-submit} ({@link io.meseta.spark.submit.SparkSubmitMain}) does
 * client mode and cluster mode, where the driver runs as a Meseta task.
 *
 * <p><b>Executors</b> are Meseta tasks running {@code CoarseGrainedExecutorBackend} with
 * {@code --hostname} set to the agent's host name, in the task's sandbox (its {@code tmp} is the
 * executor's temporary and local directory). Each takes {@code spark.executor.cores} cpus and
 * {@code spark.executor.memory} plus overhead. Where they find Spark:
 * {@code spark.meseta.executor.classpath}, else the jars of {@code spark.meseta.archive} (an archive at
 * any URI the agents fetch, cached per agent, unpacked into the sandbox), else
 * {@code spark.meseta.executor.home}{@code /jars/*}, else the driver's own classpath. Java: {@code spark.meseta.executor.java}, else the driver's.
 *
 * <p><b>Locality.</b> Executors spread over racks, then hosts; with {@code spark.meseta.locality.paths}
 * the master's locality levels put them on the hosts holding those paths first; under dynamic
 * allocation Spark's pending tasks per host become the framework's locality wishes. Racks come
 * from the agents' {@code rack} attribute, for Meseta and for Spark's task scheduler alike.
 *
 * <p><b>Bounded failures.</b> {@code spark.meseta.registration.timeout} (60 s) bounds the wait
 * for the master; {@code spark.meseta.unplaceable.timeout} (120 s) fails the application's jobs,
 * with a message naming the executor size, when no offer can ever hold one executor.
 */
package io.meseta.spark;
