"""Writes the generated profiles (JSON Lines) as the CSV a spreadsheet would hold: a header of
the keys in first-seen order, lists joined with ';' ('[]' for an empty list), true/false."""
import csv
import json
import sys

source, target = sys.argv[1], sys.argv[2]
rows = [json.loads(line) for line in open(source, encoding="utf-8") if line.strip()]
columns = []
for row in rows:
    for key in row:
        if key not in columns:
            columns.append(key)


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value) if value else "[]"
    return str(value)


with open(target, "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
