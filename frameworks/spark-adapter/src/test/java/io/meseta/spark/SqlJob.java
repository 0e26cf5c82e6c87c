package io.meseta.spark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * A job with the three things that move data between executors: a Spark SQL join and aggregation
 * of two DataFrames (a sort-merge join, so both sides are shuffled), a broadcast variable, and an
 * RDD shuffle ({@code reduceByKey}).
 */
final class SqlJob {
  private SqlJob() {}

  /** Weighted order amounts per region, as {@code region -> sum}. */
  static Map<String, Long> run(SparkSession spark) {
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1"); // join by shuffling both sides
    spark.conf().set("spark.sql.shuffle.partitions", "4");
    Dataset<Row> orders = spark.range(0, 20_000, 1, 4)
        .selectExpr("id AS order_id", "id % 97 AS customer", "id % 13 AS amount");
    Dataset<Row> customers = spark.range(0, 97, 1, 2)
        .selectExpr("id AS customer", "concat('region-', CAST(id % 5 AS STRING)) AS region");
    List<Row> perRegion = orders.join(customers, "customer").groupBy("region")
        .agg(functions.sum("amount").as("total"), functions.count("order_id").as("orders"))
        .collectAsList();

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, Long> weights = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      weights.put("region-" + i, (long) i + 1);
    }
    Broadcast<Map<String, Long>> weight = jsc.broadcast(weights);
    Map<String, Long> out = jsc.parallelize(perRegion, 3)
        .flatMapToPair(r -> List.of(new Tuple2<>(r.getString(0), r.getLong(1) * weight.value().get(r.getString(0))),
            new Tuple2<>("all-orders", r.getLong(2))).iterator())
        .reduceByKey(Long::sum)
        .collectAsMap();
    return new TreeMap<>(out);
  }
}
