"""Throughput of the Spark job against `advisor score` run directly on the same file.

    python3 Examples/spark/bench_advisor_spark.py ADVISOR_BINARY PROFILES.jsonl [MASTER]

Prints seconds and profiles a second for, in one run (so that a busy machine slows them alike):
  direct       advisor score --jobs 2 FILE > /dev/null (the floor the job is compared with)
  mapInArrow   the job: read, to_json, one advisor a partition, from_json, Parquet
  no advisor   the same job with the advisor replaced by `cat` (Spark, the JVM and Arrow alone)
  rdd.pipe     the other way to run a process a partition: PySpark's RDD.pipe of the lines,
               the results parsed with spark.read.json, Parquet
"""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import advisor_spark  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402


def timed(label, count, work):
    start = time.monotonic()
    work()
    seconds = time.monotonic() - start
    print(f"{label:<12} {seconds:8.1f} s {count / seconds:>10,.0f} profiles/s", flush=True)
    return seconds


def main():
    binary, profiles = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    master = sys.argv[3] if len(sys.argv) > 3 else "local[2]"
    with open(profiles, "rb") as f:
        count = sum(1 for line in f if line.strip())
    out = tempfile.mkdtemp(prefix="advisor-spark-bench-")
    spark = (SparkSession.builder.master(master).appName("advisor-spark-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    partitions = spark.sparkContext.defaultParallelism
    print(f"{count:,} profiles, {master}, {partitions} partitions; advisor {binary}")

    def direct():
        with open(os.devnull, "wb") as null:
            subprocess.run([binary, "score", "--format", "jsonl", "--quiet", "--jobs", str(partitions), profiles],
                           stdout=null, check=False)

    def job(command=None, path=profiles):
        def run():
            lines = advisor_spark.read_profiles(spark, path, "jsonl", "id", []).repartition(partitions)
            scored = advisor_spark.score(spark, lines, binary, "", "id", command_override=command)
            scored.write.mode("overwrite").parquet(os.path.join(out, "scored.parquet"))
        return run

    def pipe():
        command = " ".join(advisor_spark.advisor_command(binary, "", "id", 1, advisor_spark.knows_id_field(binary)))
        lines = spark.read.text(profiles).repartition(partitions).rdd.map(lambda row: row[0])
        results = lines.pipe(command, checkCode=False)
        spark.read.schema(advisor_spark.RESULT).json(results).write.mode("overwrite").parquet(os.path.join(out, "piped.parquet"))

    # Warm up: the JVM and the Python workers on the sample, the page cache with a direct run.
    job(path=os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.jsonl"))()
    direct()
    floor = timed("direct", count, direct)
    arrow = timed("mapInArrow", count, job())
    bare = timed("no advisor", count, job(["cat"]))
    piped = timed("rdd.pipe", count, pipe)
    print(f"mapInArrow / direct: {arrow / floor:.2f}x the time; Spark without the advisor: {bare / arrow:.0%} of the job's time;"
          f" rdd.pipe / mapInArrow: {piped / arrow:.2f}x")
    spark.stop()


if __name__ == "__main__":
    main()
