#!/usr/bin/env python3
"""Writes Rules/tests/pins.yaml: for every example founder, the fit of every model and the
models excluded, as the current rule book gives them. The examples' own tests
(examples.yaml) say which model the seeds call for; these pins say what the weights do, so
that `advisor test --mutate` catches a weight changed by mistake. Rerun after a deliberate
change of weights and read the diff: every changed fit is a change a consultant would see.

    python3 scripts/pin-example-fits.py [path/to/advisor]
"""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
advisor = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True, text=True, check=True).stdout.strip(), "advisor")
profiles = sorted(f for f in os.listdir(os.path.join(root, "Examples/profiles")) if f.endswith(".yaml"))

def number(value):
    return str(int(value)) if float(value).is_integer() else repr(value)

lines = [
    "# Written by scripts/pin-example-fits.py: do not edit by hand, rerun it after a deliberate",
    "# change of weights and read the diff. For every example founder, the fit of every model and",
    "# the models excluded as this version of the rule book gives them. examples.yaml says which",
    "# model the seeds call for; these pins say what the weights do, so that `advisor test --mutate`",
    "# catches a sign flipped or a score dropped by mistake.",
    "",
    "tests:",
]
for name in profiles:
    path = os.path.join(root, "Examples/profiles", name)
    out = subprocess.run([advisor, "score", "--format", "json", path], cwd=root, capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    ranking = result["ranking"]
    fits = ", ".join(f"{entry['model']}: {number(entry['score'])}" for entry in ranking)
    excluded = [entry["model"] for entry in ranking if entry["excluded"]]
    kept = [entry["model"] for entry in ranking if not entry["excluded"]]
    lines += [
        f"  - name: Pinned fits of {result.get('name') or name[:-5]}",
        f"    profile: ../../Examples/profiles/{name}",
        "    expect:",
        f"      fit: {{{fits}}}",
    ]
    if excluded:
        lines.append(f"      excluded: [{', '.join(excluded)}]")
    if kept:
        lines.append(f"      not_excluded: [{', '.join(kept)}]")
    lines.append("")
with open(os.path.join(root, "Rules/tests/pins.yaml"), "w") as out:
    out.write("\n".join(lines).rstrip("\n") + "\n")
print("wrote Rules/tests/pins.yaml")
