"""Score profiles on Spark with the advisor as a stage.

    spark-submit Examples/spark/advisor_spark.py --binary .build/release/advisor \
        --input profiles.jsonl --output scored.parquet

Each partition streams its profiles, one JSON object a line, through one long-lived
`advisor score --id-field ID -` process and reads one result line back for each input line, in
order (the stage contract of `advisor score -`). Spark turns rows into JSON and results back
into columns on the JVM side (`to_json`, `from_json`); the Python worker only moves bytes
between Arrow buffers and the process's pipes, with a writer thread feeding the process while
the task's own thread reads its output, so neither side waits on a full pipe.

The advisor binary and the rule book travel with the job (`SparkContext.addFile` /
`addArchive`, read back with `SparkFiles.get` on the executors); without `--rules` the rule book
built into the binary is used.
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import threading

from pyspark import SparkFiles, TaskContext
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The contract's columns of batch scoring (profile-contract.md, "Output of batch scoring"),
# and the rule book's fingerprint. Keys the advisor adds later are ignored by from_json.
RANKING = T.ArrayType(T.StructType([
    T.StructField("model", T.StringType()),
    T.StructField("score", T.DoubleType()),
    T.StructField("excluded", T.BooleanType()),
    T.StructField("excluded_by", T.ArrayType(T.StringType())),
]))
RESULT = T.StructType([
    T.StructField("profile", T.StringType()),
    T.StructField("name", T.StringType()),
    T.StructField("recommendation", T.StringType()),
    T.StructField("ranking", RANKING),
    T.StructField("undecided", T.StructType([
        T.StructField("reason", T.StringType()),
        T.StructField("between", T.ArrayType(T.StringType())),
    ])),
    T.StructField("unknown_facts", T.StructType([
        T.StructField("could_change", T.ArrayType(T.StringType())),
        T.StructField("cannot_change", T.ArrayType(T.StringType())),
    ])),
    T.StructField("error", T.StringType()),
    T.StructField("rule_book", T.StringType()),
])
RESULT_COLUMNS = [field.name for field in RESULT.fields]

# The test's fault hook: when set to a partition number, that partition's advisor process is
# killed on the task's first attempt, after its first results, so Spark must retry the task.
FAULT_ENV = "ADVISOR_SPARK_FAULT_PARTITION"

# Exit codes of `advisor score` that still mean "every line answered": 0 all scored, 1 some
# profiles were error records.
ANSWERED = (0, 1)


def read_profiles(spark: SparkSession, path: str, fmt: str, id_field: str, list_facts: list) -> DataFrame:
    """Profiles as (`_id`, `_line`): the id as text and the profile as one JSON line.

    JSON Lines are passed through byte for byte, so the advisor sees what it would see reading
    the file itself. Parquet and CSV rows become JSON on the JVM side; a null cell is left out
    (an unknown fact), and CSV list cells are split on ';' as the contract writes them."""
    if fmt == "jsonl":
        rows = spark.read.text(path)  # a blank line too: the advisor answers it with an error row
        line = F.col("value")
    else:
        if fmt == "parquet":
            rows = spark.read.parquet(path)
        elif fmt == "csv":
            rows = spark.read.csv(path, header=True, inferSchema=True)
            for fact in list_facts:
                if fact in rows.columns:
                    rows = rows.withColumn(fact, F.split(F.col(fact).cast("string"), ";"))
        else:
            raise ValueError(f"unknown input format {fmt!r}: use jsonl, parquet or csv")
        line = F.to_json(F.struct(*[F.col(c) for c in rows.columns]))
    rows = rows.select(line.alias("_line"))
    json_path = "$." + id_field if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", id_field) else f"$['{id_field}']"
    # The trailing newline lets a partition write its Arrow string buffer to the pipe as it is.
    return rows.select(F.get_json_object("_line", json_path).alias("_id"), F.concat("_line", F.lit("\n")).alias("_line"))


def advisor_command(binary: str, rules: str, id_field: str, threads: int, knows_id_field: bool) -> list:
    command = [binary, "score", "--format", "jsonl", "--quiet", "--jobs", str(threads)]
    if rules:
        command += ["--rules", rules]
    if knows_id_field:
        command += ["--id-field", id_field]
    return command + ["-"]


def score_partitions(binary_name: str, rules_name: str, id_field: str, threads: int, knows_id_field: bool, command_override=None):
    """The function for mapInArrow: (_id, _line) batches in, (_id, _result) batches out."""
    import numpy as np
    import pyarrow as pa

    def run(batches):
        binary = SparkFiles.get(binary_name)
        if not os.access(binary, os.X_OK):
            os.chmod(binary, 0o755)
        rules = SparkFiles.get(rules_name) if rules_name else ""
        command = command_override or advisor_command(binary, rules, id_field, threads, knows_id_field)
        context = TaskContext.get()
        partition = context.partitionId() if context else -1
        fault = os.environ.get(FAULT_ENV) == str(partition) and context is not None and context.attemptNumber() == 0

        errors = tempfile.TemporaryFile()
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, bufsize=0)
        ids = collections.deque()  # ids written and not yet answered, in order
        written = [0]
        writer_error = []

        def write():
            try:
                for batch in batches:
                    lines = batch.column(1)
                    ids.extend(batch.column(0).to_pylist())
                    width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
                    offsets = np.frombuffer(lines.buffers()[1], dtype=width)[lines.offset:lines.offset + len(lines) + 1]
                    process.stdin.write(memoryview(lines.buffers()[2])[offsets[0]:offsets[-1]])
                    written[0] += len(lines)
                process.stdin.close()
            except BaseException as error:  # a dead process (BrokenPipe), or the input failing
                writer_error.append(error)
                try:
                    process.stdin.close()
                except OSError:
                    pass

        writer = threading.Thread(target=write, name=f"advisor-writer-{partition}", daemon=True)
        writer.start()
        answered = 0
        pending = b""
        try:
            while True:
                chunk = process.stdout.read(1 << 20)
                if not chunk:
                    break
                data = pending + chunk
                end = data.rfind(b"\n") + 1
                pending = data[end:]
                if end == 0:
                    continue
                complete = np.frombuffer(data, dtype=np.uint8, count=end)
                ends = np.flatnonzero(complete == 10) + 1
                offsets = np.concatenate(([0], ends)).astype(np.int32)
                count = len(ends)
                results = pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(data[:end]))
                answer_ids = pa.array([ids.popleft() for _ in range(count)], type=pa.string())
                answered += count
                yield pa.RecordBatch.from_arrays([answer_ids, results], names=["_id", "_result"])
                if fault:
                    fault = False
                    process.kill()
        finally:
            writer.join()
            status = process.wait()
        if writer_error and not isinstance(writer_error[0], (BrokenPipeError, OSError)):
            raise writer_error[0]
        if status not in ANSWERED or answered != written[0] or pending:
            errors.seek(0)
            tail = errors.read()[-2000:].decode("utf-8", "replace")
            how = f"was killed by signal {-status}" if status < 0 else f"exited with {status}"
            raise RuntimeError(f"advisor for partition {partition} {how} after answering {answered} of "
                               f"{written[0]} profiles: {' '.join(command)}\n{tail}")

    return run


def knows_id_field(binary: str) -> bool:
    """Whether this advisor echoes --id-field (the stage contract); older ones are answered by
    position alone, which the contract's one-line-per-line order also guarantees."""
    helptext = subprocess.run([binary, "score", "--help"], capture_output=True, text=True).stdout
    return "--id-field" in helptext


def list_facts(binary: str, rules: str) -> list:
    """The rule book's list facts (their CSV cells are split on ';')."""
    command = [binary, "facts"] + (["--rules", rules] if rules else [])
    listing = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [m.group(1) for m in re.finditer(r"^(\S+)\tlist", listing, re.MULTILINE)]


def ship_rules(spark: SparkSession, rules: str) -> str:
    """Sends the rule book with the job; returns the name to give SparkFiles.get."""
    if not rules:
        return ""
    if os.path.isdir(rules):
        archive = os.path.join(tempfile.mkdtemp(prefix="advisor-rules-"), "advisor-rules.tar.gz")
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(rules, arcname=".")
        rules = archive
    spark.sparkContext.addArchive(rules)
    return os.path.basename(rules)


def score(spark: SparkSession, profiles: DataFrame, binary: str, rules: str = "", id_field: str = "id",
          threads: int = 1, command_override=None) -> DataFrame:
    """Scores (`_id`, `_line`) rows; the result has the id column named `id_field` and the
    contract's columns (`profile` is the advisor's label, `stdin:N` within the partition)."""
    # The partition function lives in this module: the executors import it from here.
    spark.sparkContext.addPyFile(os.path.abspath(__file__))
    spark.sparkContext.addFile(binary)
    rules_name = ship_rules(spark, rules)
    function = score_partitions(os.path.basename(binary), rules_name, id_field, threads,
                                knows_id_field(binary), command_override)
    scored = profiles.mapInArrow(function, "_id string, _result string")
    parsed = scored.select(F.col("_id"), F.from_json("_result", RESULT).alias("r"))
    columns = [c for c in RESULT_COLUMNS if c != id_field]  # an id may be a contract key (name)
    return parsed.select(F.col("_id").alias(id_field), *[F.col("r." + c).alias(c) for c in columns])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Score profiles with the advisor on Spark; write Parquet.")
    parser.add_argument("--binary", required=True, help="the advisor executable (shipped to the executors)")
    parser.add_argument("--input", required=True, help="profiles: a file or folder of JSON Lines, Parquet or CSV")
    parser.add_argument("--format", choices=["jsonl", "parquet", "csv"], help="input format (default: from the extension)")
    parser.add_argument("--output", required=True, help="where to write the scored profiles as Parquet")
    parser.add_argument("--rules", default="", help="another rule book: a folder or a .tar.gz/.zip of one (default: the binary's own)")
    parser.add_argument("--id-field", default="id", help="the key or column that identifies a profile (default: id)")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the input into this many partitions first")
    parser.add_argument("--threads", type=int, default=1, help="scoring threads of each advisor process (default: 1, one a task)")
    parser.add_argument("--master", default=None, help="Spark master when not run by spark-submit, e.g. local[2]")
    args = parser.parse_args(argv)

    fmt = args.format or next((f for f in ("jsonl", "parquet", "csv") if args.input.rstrip("/").endswith("." + f)), "jsonl")
    builder = SparkSession.builder.appName("advisor-score")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    profiles = read_profiles(spark, args.input, fmt, args.id_field,
                             list_facts(args.binary, args.rules) if fmt == "csv" else [])
    if args.partitions:
        profiles = profiles.repartition(args.partitions)
    result = score(spark, profiles, args.binary, args.rules, args.id_field, args.threads)
    result.write.mode("overwrite").parquet(args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
