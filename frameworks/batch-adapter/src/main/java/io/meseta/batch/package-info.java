/**
 * The batch adapter: batch jobs over HDFS data on Meseta.
 *
 * <ul>
 *   <li>{@link io.meseta.batch.spec}: job specs (YAML or JSON), their typed immutable model and strict validation.</li>
 *   <li>{@link io.meseta.batch.plan}: a spec made concrete: every task, one per split of each forEach input.</li>
 *   <li>{@link io.meseta.batch.engine}: the pure job engine (dependencies, parallelism, retries with backoff,
 *       timeouts, failure policy) driven by events and an injected clock.</li>
 *   <li>{@link io.meseta.batch.framework}: the Meseta framework that runs jobs' engines on offers, data-local first.</li>
 *   <li>{@link io.meseta.batch.store}: durable job state, in a directory or in ZooKeeper.</li>
 *   <li>{@link io.meseta.batch.service}: the job service and its HTTP+JSON API; {@link io.meseta.batch.client}: the
 *       Java API to it; {@link io.meseta.batch.cli}: {@code bin/meseta batch ...} and {@code batch-service}.</li>
 *   <li>{@link io.meseta.batch.bench}: the end-to-end benchmark.</li>
 * </ul>
 */
package io.meseta.batch;
