"""What the web tests, the load test and the screenshots share: an `advisor serve` started on a
free loopback port, a page's form read as a browser would send it, and a founder's answers."""

import html.parser
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def advisor_binary():
    path = os.environ.get("ADVISOR") or os.path.join(ROOT, ".build", "debug", "advisor")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"no advisor binary at {path}: build it first (swift build), or set ADVISOR")
    return path


class Server:
    """`advisor serve --port 0 ...`: the port the system chose is read from its first line."""

    def __init__(self, *arguments):
        self.process = subprocess.Popen(
            [advisor_binary(), "serve", "--port", "0", *arguments],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = []
        first = self.process.stderr.readline()
        match = re.search(r"(http://[^ ]+)/ ", first)
        if not match:
            self.process.kill()
            rest = self.process.stderr.read()
            raise RuntimeError(f"advisor serve did not start: {first}{rest}")
        self.url = match.group(1)
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if not self.alive():
            return self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        finally:
            self.reader.join(timeout=5)
            self.process.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        if self.alive():
            self.stop()


def request(url, fields=None, data=None, headers=None, method=None):
    """Status, headers and body text of a request (a form post when fields are given)."""
    if fields is not None:
        data = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Form(html.parser.HTMLParser):
    """A page's interview form: its hidden fields in order, the question asked, its inputs, and
    the model the result page names."""

    def __init__(self, text):
        super().__init__()
        self.hidden = []
        self.inputs = []
        self.model = None
        self.title = None
        self._in_h1 = False
        self._h1 = []
        self._forms_closed = 0
        self.feed(text)
        self.asked = next((v for n, v in self.hidden if n == "form.asked"), None)
        self.title = "".join(self._h1).strip()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main" and "data-model" in a:
            self.model = a["data-model"]
        if tag == "h1":
            self._in_h1 = True
        # Only the first form's fields: the result page repeats them once per download.
        if tag == "input" and self._forms_closed == 0:
            if a.get("type") == "hidden":
                self.hidden.append((a["name"], a.get("value", "")))
            else:
                self.inputs.append(a)

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag == "form":
            self._forms_closed += 1

    def handle_data(self, data):
        if self._in_h1:
            self._h1.append(data)

    def state(self):
        """The answers so far, as the next post sends them (without the question's own field)."""
        return [(n, v) for n, v in self.hidden if n != self.asked]


def load_profile(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def field_values(value):
    """A profile's value as the form's field values: true/false, value ids, one per list item."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [str(item) for item in value] or [""]
    return [str(value)]


def score(profile_path):
    """`advisor score`'s recommendation for a profile ('undecided' when it makes none)."""
    import json
    out = subprocess.run([advisor_binary(), "score", "--format", "json", profile_path], capture_output=True, text=True, check=True)
    return json.loads(out.stdout).get("recommendation") or "undecided"


def post_interview(url, profile, limit=60):
    """Completes an interview with plain form posts, answering from `profile` (skipping what it
    does not say). Returns the pages' forms, the result page's last."""
    status, _, body = request(url + "/")
    assert status == 200, body
    forms = [Form(body)]
    for _ in range(limit):
        form = forms[-1]
        if form.model is not None:
            return forms
        if form.asked:
            fields = list(form.hidden)
            if form.asked in profile:
                fields += [(form.asked, v) for v in field_values(profile[form.asked])] + [("form.action", "answer")]
            else:
                fields += [("form.action", "skip")]
        else:
            fields = form.hidden + [("form.action", "confirm")]
        status, _, body = request(url + "/interview", fields)
        assert status == 200, body
        forms.append(Form(body))
    raise AssertionError(f"no result after {limit} pages")
