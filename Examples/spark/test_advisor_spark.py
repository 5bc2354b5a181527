"""The Spark job in local mode against the advisor run directly on the same profiles.

    python3 Examples/spark/test_advisor_spark.py ADVISOR_BINARY

10,000 generated profiles (../shared/bench/gen_profiles.py) with bad rows mixed in go through
the job on local[2,2] (two threads; a failed task is tried twice, which local mode only does when
the master says so) and through `advisor score` on the same file; the results must agree row by
row by id. A second run kills one partition's advisor process on its first attempt and checks
that Spark retried the task and wrote every id exactly once.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import advisor_spark  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402

BINARY = ""
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GENERATOR = os.path.join(ROOT, "..", "shared", "bench", "gen_profiles.py")
COUNT = 10_000
PARTITIONS = 4

# Rows the advisor must answer with an error object, each at a line of its own.
BAD_ROWS = {
    3: '{"%s": "bad-number", "capital": "lots"}',
    2_500: '{"%s": "bad-fact", "capitol": 5000}',
    5_001: '{"%s": "bad-value", "category_breadth": "huge", "capital": 100}',
    9_990: '{"%s": "bad-json", "capital": }',  # not JSON: no id can be read from it
}


def normalized(row: dict, id_field: str) -> dict:
    """A result as both sides can be compared: the contract's columns, missing keys as None,
    and an error's location (stdin:LINE:COL within a partition, FILE:LINE:COL directly) left out."""
    result = {}
    for field in advisor_spark.RESULT.fields:
        if field.name in ("profile", id_field):  # the id is the key the rows are compared by
            continue
        value = row.get(field.name)
        if field.name == "ranking" and value is not None:
            value = [{k: entry.get(k) for k in ("model", "score", "excluded", "excluded_by")} for entry in value]
        elif field.name in ("undecided", "unknown_facts") and value is not None:
            value = {sub.name: value.get(sub.name) for sub in field.dataType.fields}
        elif field.name == "error" and value is not None:
            value = re.sub(r"^\S+?:\d+:\d+: ", "", value)
        result[field.name] = value
    return result


class SparkJobTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.monotonic()
        cls.work = tempfile.mkdtemp(prefix="advisor-spark-test-")
        subprocess.run([sys.executable, GENERATOR, "--n", str(COUNT), "--seed", "20250601", "--no-yaml"],
                       cwd=cls.work, check=True, capture_output=True)
        cls.id_field = "id" if advisor_spark.knows_id_field(BINARY) else "name"
        lines = []
        with open(os.path.join(cls.work, "profiles.jsonl")) as generated:
            for number, line in enumerate(generated, start=1):
                profile = json.loads(line)
                if cls.id_field == "id":
                    profile = {"id": profile["name"], **profile}
                lines.append(json.dumps(profile))
        for at in sorted(BAD_ROWS):
            lines.insert(at - 1, BAD_ROWS[at] % cls.id_field)
        cls.input_ids = [json.loads(line)[cls.id_field] if "bad-json" not in line else None for line in lines]
        cls.input = os.path.join(cls.work, "input.jsonl")
        with open(cls.input, "w") as out:
            out.write("\n".join(lines) + "\n")

        # The direct run: line i of the output answers line i of the input.
        command = [BINARY, "score", "--format", "jsonl", "--quiet", "--rules", os.path.join(ROOT, "Rules")]
        if cls.id_field == "id":
            command += ["--id-field", "id"]
        direct = subprocess.run(command + [cls.input], capture_output=True, text=True)
        assert direct.returncode == 1, f"advisor score should exit 1 (some rows bad), not {direct.returncode}: {direct.stderr[-500:]}"
        answers = [json.loads(line) for line in direct.stdout.splitlines()]
        assert len(answers) == len(lines), f"advisor score answered {len(answers)} of {len(lines)} lines"
        cls.direct = {}
        for input_id, answer in zip(cls.input_ids, answers):
            echoed = answer.get(cls.id_field)
            assert echoed in (None, input_id), f"line with id {input_id} answered with id {echoed}"
            cls.direct[input_id] = normalized(answer, cls.id_field)

        cls.spark = (SparkSession.builder.master("local[2,2]").appName("advisor-spark-test")
                     .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", str(PARTITIONS))
                     .getOrCreate())
        # FATAL: the fault test makes Spark log the killed task at ERROR level, which is expected.
        cls.spark.sparkContext.setLogLevel("FATAL")

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()
        print(f"\nSpark tests: {time.monotonic() - cls.started:.0f} s", file=sys.stderr)

    def run_job(self, output: str, rules: str = "") -> list:
        profiles = advisor_spark.read_profiles(self.spark, self.input, "jsonl", self.id_field, [])
        scored = advisor_spark.score(self.spark, profiles.repartition(PARTITIONS), BINARY, rules, self.id_field)
        scored.write.mode("overwrite").parquet(output)
        return [row.asDict(recursive=True) for row in self.spark.read.parquet(output).collect()]

    def assert_every_id_once(self, rows: list):
        ids = [row[self.id_field] for row in rows]
        self.assertEqual(len(rows), len(self.input_ids), "one output row for each input line")
        self.assertEqual(sorted(ids, key=str), sorted(self.input_ids, key=str), "each id exactly once")

    def test_output_equals_the_direct_cli_row_by_row(self):
        rows = self.run_job(os.path.join(self.work, "scored.parquet"), rules=os.path.join(ROOT, "Rules"))
        self.assert_every_id_once(rows)
        by_id = {row[self.id_field]: row for row in rows}
        for input_id in self.input_ids:
            self.assertEqual(normalized(by_id[input_id], self.id_field), self.direct[input_id], f"profile {input_id}")
        for bad in ("bad-number", "bad-fact", "bad-value", None):
            row = by_id[bad]
            self.assertIsNotNone(row["error"], f"{bad} is an error row")
            self.assertIsNone(row["ranking"], f"{bad} has no ranking")
        self.assertIn("capital", by_id["bad-number"]["error"])
        scored = [row for row in rows if row["error"] is None]
        self.assertEqual(len(scored), COUNT)
        self.assertTrue(all(len(row["ranking"]) == 9 for row in scored), "every scored row ranks the nine models")

    def test_a_killed_advisor_is_retried_and_every_id_comes_once(self):
        context = self.spark.sparkContext
        context.environment[advisor_spark.FAULT_ENV] = "1"
        context.setJobGroup("fault", "advisor killed in partition 1")
        try:
            rows = self.run_job(os.path.join(self.work, "fault.parquet"))
        finally:
            del context.environment[advisor_spark.FAULT_ENV]
            context.setJobGroup("after-fault", "")
        tracker = context.statusTracker()
        failed = sum(tracker.getStageInfo(stage).numFailedTasks
                     for job in tracker.getJobIdsForGroup("fault")
                     for stage in tracker.getJobInfo(job).stageIds if tracker.getStageInfo(stage))
        self.assertGreaterEqual(failed, 1, "the task whose advisor was killed failed once and was retried")
        self.assert_every_id_once(rows)
        by_id = {row[self.id_field]: row for row in rows}
        for input_id in self.input_ids:
            self.assertEqual(normalized(by_id[input_id], self.id_field), self.direct[input_id], f"profile {input_id}")


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
