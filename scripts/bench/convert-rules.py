#!/usr/bin/env python3
"""Convert the reference workload's rules.json (../shared/bench/) into an advisor rule book.

The `text` conditions are CEL already, so the conversion is mechanical: facts keep their types,
the nine options become models (one trait each, so every rule has a trade-off to encode),
knock-outs become `exclude`, score rules `score`, and every option starts at 0 (the workload's
scores are plain sums of deltas).

Usage: convert-rules.py RULES_JSON OUT_DIR
"""
import json
import os
import sys


def quote(text):
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, out = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        book = json.load(f)
    os.makedirs(out, exist_ok=True)
    types = {"integer": "integer", "number": "number", "enum": "enum", "boolean": "bool", "list": "list"}
    lines = [
        "rulebook:",
        f"  name: {quote(book['name'])}",
        f"  version: {quote(str(book['version']))}",
        "  decision: option",
        "  neutral: 0",
        "facts:",
    ]
    for fact_id, fact in book["facts"].items():
        lines += [f"  - id: {fact_id}", f"    type: {types[fact['type']]}", f"    question: {quote(fact_id)}"]
        if "values" in fact:
            lines.append("    values: [" + ", ".join(fact["values"]) + "]")
    lines.append("models:")
    for option in book["options"]:
        lines += [
            f"  - id: {option}",
            f"    name: {option}",
            "    tradeoffs:",
            "      - {id: workload, kind: trait, seed: domain, text: Reference workload.}",
        ]
    lines.append("rules:")
    for rule in book["rules"]:
        lines += [
            f"  - id: {rule['id']}",
            f"    when: {quote(rule['text'])}",
            f"    because: {quote(rule.get('note') or rule['id'])}",
        ]
        if rule["kind"] == "knockout":
            lines.append("    exclude: [" + ", ".join(rule["exclude"]) + "]")
            models = rule["exclude"]
        else:
            lines.append("    score: {" + ", ".join(f"{t['option']}: {t['delta']}" for t in rule["then"]) + "}")
            models = [t["option"] for t in rule["then"]]
        lines.append("    encodes: [" + ", ".join(dict.fromkeys(f"{m}/workload" for m in models)) + "]")
    with open(os.path.join(out, "rulebook.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
