/**
 * Real servers for the demo and for integration tests, started from Java with no Docker.
 *
 * <ul>
 *   <li>{@link io.siyu.localstack.LocalKafka}: a single-node KRaft Kafka broker inside the calling
 *       JVM.
 *   <li>{@link io.siyu.localstack.LocalClickHouse}: the installed ClickHouse server as a child
 *       process with its own config; {@link io.siyu.localstack.ClickHouseEndpoint} also covers an
 *       existing server named by {@code CLICKHOUSE_URL}.
 *   <li>{@link io.siyu.localstack.LocalStack}: both under one directory.
 * </ul>
 *
 * <p>Each keeps all its files under the directory it is given, listens on free ports on 127.0.0.1
 * only, and stops cleanly on close. {@code LocalKafkaMain}, {@code LocalClickHouseMain} and {@code
 * LocalStack} are mains for shell scripts: they write the ports to a file and run until killed.
 */
package io.siyu.localstack;
