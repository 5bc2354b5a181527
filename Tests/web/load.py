"""Load on `advisor serve` from a second process: N concurrent interviews (default 200), each up to
10 steps (the first page, the answers of an example founder, the list of answers, the result),
over keep-alive HTTP/1.1 connections on loopback. Prints p50 and p99 latency per step and the
errors. A figure for scripts/bench.sh, not a test: it fails nobody on a slow day.

    python3 Tests/web/load.py [--advisor BINARY] [--interviews 200] [--steps 10] [--markdown]
"""

import argparse
import asyncio
import glob
import html
import os
import re
import statistics
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtool import ROOT, Server, field_values, load_profile  # noqa: E402

HIDDEN = re.compile(r'<input type="hidden" name="([^"]*)" value="([^"]*)">')


async def exchange(reader, writer, method, path, body=b""):
    head = f"{method} {path} HTTP/1.1\r\nHost: advisor\r\nContent-Length: {len(body)}\r\n"
    if body:
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, (await reader.readexactly(length)).decode()


async def interview(host, port, profile, steps, timings, errors):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        method, path, body = "GET", "/", b""
        for step in range(steps):
            started = time.perf_counter()
            try:
                status, page = await exchange(reader, writer, method, path, body)
            except Exception as error:  # a refused or dropped connection is an error of the run
                errors.append(f"step {step + 1}: {error!r}")
                return
            timings[step].append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(f"step {step + 1}: status {status}")
                return
            if 'data-model="' in page:
                return
            # The interview's form is the page's first (the language switch follows it).
            form = page.split("</form>", 1)[0]
            fields = [(html.unescape(n), html.unescape(v)) for n, v in HIDDEN.findall(form)]
            asked = next((v for n, v in fields if n == "form.asked"), None)
            if asked is None:
                fields.append(("form.action", "confirm"))
            elif asked in profile:
                fields += [(asked, v) for v in field_values(profile[asked])]
            else:
                fields.append(("form.action", "skip"))
            method, path, body = "POST", "/interview", urllib.parse.urlencode(fields).encode()
    finally:
        writer.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def run(url, interviews, steps):
    parsed = urllib.parse.urlparse(url)
    profiles = [load_profile(p) for p in sorted(glob.glob(os.path.join(ROOT, "Examples", "profiles", "*.yaml")))]
    timings = [[] for _ in range(steps)]
    errors = []
    started = time.perf_counter()
    await asyncio.gather(*(interview(parsed.hostname, parsed.port, profiles[i % len(profiles)], steps, timings, errors) for i in range(interviews)))
    return timings, errors, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisor", help="the advisor binary (default: .build/debug/advisor or $ADVISOR)")
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--markdown", action="store_true", help="print only the bench table's row")
    arguments = parser.parse_args()
    if arguments.advisor:
        os.environ["ADVISOR"] = arguments.advisor
    with Server() as server:
        timings, errors, elapsed = asyncio.run(run(server.url, arguments.interviews, arguments.steps))
    every = [t for step in timings for t in step]
    p50, p99 = percentile(every, 0.5), percentile(every, 0.99)
    worst_step_p99 = max(percentile(step, 0.99) for step in timings if step)
    if arguments.markdown:
        mark = "met" if worst_step_p99 < 50 and not errors else "missed"
        print(f"| advisor serve: {arguments.interviews} concurrent interviews of up to {arguments.steps} steps on loopback, "
              f"p50 / p99 per request (worst step's p99), errors | {p50:.1f} / {p99:.1f} ms ({worst_step_p99:.1f} ms), "
              f"{len(errors)} errors | p99 < 50 ms, no errors | {mark} |")
        return
    print(f"{arguments.interviews} concurrent interviews, up to {arguments.steps} steps each: {len(every)} requests in {elapsed:.1f} s "
          f"({len(every) / elapsed:.0f} requests/s), {len(errors)} errors")
    print("step  requests   p50 ms   p99 ms")
    for index, step in enumerate(timings):
        if step:
            print(f"{index + 1:>4}  {len(step):>8}  {statistics.median(step):>7.1f}  {percentile(step, 0.99):>7.1f}")
    print(f" all  {len(every):>8}  {p50:>7.1f}  {p99:>7.1f}")
    for error in errors[:10]:
        print("error:", error)


if __name__ == "__main__":
    main()
