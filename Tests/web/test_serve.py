"""`advisor serve` tested the way founders and scripts use it: the server started on a free
loopback port, a real browser (Debian's chromium through chromium-driver, with Selenium; the
driver's path given, nothing downloaded) driven with the keyboard alone, plain form posts with
no JavaScript, and requests a browser would never send.

Run by scripts/test-web.sh (which installs what it needs): python3 -m unittest Tests/web/test_serve.py
"""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from webtool import ROOT, Form, Server, field_values, load_profile, post_interview, request, score

PROFILE = os.path.join(ROOT, "Examples", "profiles", "m2c-korean-skincare-brand.yaml")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

# A rule book whose every text holds markup or script.
SCRIPT_BOOK = os.path.join(ROOT, "Tests", "web", "script-rule-book")


def raw_post(url, body, content_type="application/x-www-form-urlencoded", path="/interview"):
    """A POST of exactly these bytes: status and body."""
    parsed = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


class ServeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    # -- Without JavaScript: plain form posts -------------------------------------------------

    def test_plain_form_posts_complete_the_interview_with_the_recommendation_of_advisor_score(self):
        forms = post_interview(self.server.url, load_profile(PROFILE))
        self.assertEqual(forms[-1].model, score(PROFILE))
        self.assertTrue(any(f.title == "Check your answers" for f in forms), "the list of answers comes before the result")
        asked = [f.asked for f in forms if f.asked]
        self.assertEqual(len(asked), len(set(asked)), f"no question asked twice: {asked}")

    def test_every_response_forbids_script_and_carries_no_inline_script(self):
        status, headers, body = request(self.server.url + "/")
        self.assertEqual(status, 200)
        policy = headers["Content-Security-Policy"]
        self.assertIn("default-src 'none'", policy)
        self.assertNotIn("script-src", policy, "no script source at all: default-src 'none' forbids every script")
        self.assertNotIn("<script", body)
        self.assertEqual(headers["Cache-Control"], "no-store")
        status, headers, _ = request(self.server.url + "/nowhere")
        self.assertEqual(status, 404)
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])

    def test_healthz_answers_ok(self):
        self.assertEqual(request(self.server.url + "/healthz")[0::2], (200, "ok\n"))

    def test_one_log_line_per_request_and_never_the_answers(self):
        before = len(self.server.lines)
        request(self.server.url + "/healthz")
        request(self.server.url + "/interview", [("given.capital", "123456789"), ("form.asked", "risk_tolerance"), ("form.action", "skip")])
        time.sleep(0.2)
        lines = self.server.lines[before:]
        self.assertEqual(len(lines), 2, lines)
        self.assertRegex(lines[0], r" GET /healthz 200 \d+B [\d.]+ms$")
        self.assertRegex(lines[1], r" POST /interview 200 \d+B [\d.]+ms$")
        self.assertFalse(any("123456789" in line for line in lines))

    def test_a_restart_loses_nothing(self):
        with Server() as first:
            form = Form(request(first.url + "/")[2])
            choice = form.inputs[0]["value"]
            status, _, body = request(first.url + "/interview", form.hidden + [(form.asked, choice)])
            self.assertEqual(status, 200)
            fields = Form(body).hidden + [("form.action", "skip")]
            first.stop()
        with Server() as second:
            status, _, body = request(second.url + "/interview", fields)
            self.assertEqual(status, 200)
            self.assertEqual(Form(body).hidden[0], ("given." + form.asked, choice), "the first answer, kept by the form alone")

    def test_save_dir_keeps_each_finished_profile_under_a_random_name(self):
        folder = tempfile.mkdtemp(prefix="advisor-saved-")
        try:
            with Server("--save-dir", folder) as server:
                forms = post_interview(server.url, load_profile(PROFILE))
            saved = os.listdir(folder)
            self.assertEqual(len(saved), 1, saved)
            self.assertRegex(saved[0], r"^advisor-profile-[0-9a-f-]{36}\.yaml$")
            self.assertEqual(score(os.path.join(folder, saved[0])), forms[-1].model)
        finally:
            shutil.rmtree(folder)

    def test_the_downloads_are_the_profile_and_the_markdown_report(self):
        forms = post_interview(self.server.url, load_profile(PROFILE))
        state = forms[-1].hidden
        status, headers, profile = request(self.server.url + "/profile.yaml", state)
        self.assertEqual(status, 200)
        self.assertIn('filename="advisor-profile.yaml"', headers["Content-Disposition"])
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
            handle.write(profile)
        try:
            self.assertEqual(score(handle.name), forms[-1].model, "the downloaded profile scores as the page says")
        finally:
            os.unlink(handle.name)
        status, headers, report = request(self.server.url + "/report.md", state)
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/markdown"))
        self.assertTrue(report.startswith("# "))

    def test_the_language_follows_the_browser_and_the_switch_keeps_the_answers(self):
        english = Form(request(self.server.url + "/", headers={"Accept-Language": "en"})[2])
        status, _, body = request(self.server.url + "/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
        chinese = Form(body)
        self.assertEqual(status, 200)
        self.assertEqual(chinese.asked, english.asked, "the same interview in either language")
        self.assertNotEqual(chinese.title, english.title)
        self.assertTrue(any("\u4e00" <= c <= "\u9fff" for c in chinese.title), f"the question in Chinese: {chinese.title}")
        self.assertIn("继续", body, "the page's own words (its buttons) in Chinese too")
        self.assertNotIn(">Continue<", body)
        self.assertIn("第1题", body, "the progress line as the terminal interview says it in Chinese")
        self.assertIn('action="/interview?lang=zh-CN"', body, "the forms keep the language")
        self.assertIn('action="/interview?lang=en"', body, "a switch to English")
        answered = chinese.hidden + [(chinese.asked, chinese.inputs[0]["value"])]
        status, _, body = request(self.server.url + "/interview?lang=zh-CN", answered)
        self.assertEqual(status, 200)
        second = Form(body)
        # The switch posts the answers so far to the same step in the other language.
        answers = [(n, v) for n, v in second.state() if not n.startswith("form.")]
        status, _, body = request(self.server.url + "/interview?lang=en", answers)
        self.assertEqual(status, 200)
        switched = Form(body)
        self.assertEqual(switched.asked, second.asked)
        self.assertEqual(switched.state(), second.state(), "nothing lost")
        self.assertNotEqual(switched.title, second.title)
        status, _, body = request(self.server.url + "/?lang=tlh")
        self.assertRefused(status, body, 400, "There is no language &#39;tlh&#39; here")

    # -- Bad requests: 400 or 413 with a page saying what is wrong, and the server keeps serving --

    def assertRefused(self, status, body, expected_status, words):
        self.assertEqual(status, expected_status, body[:500])
        self.assertIn("This request cannot be answered", body)
        self.assertIn(words, body)
        self.assertEqual(request(self.server.url + "/healthz")[0], 200, "and the server still serves")

    def test_an_unknown_fact_id_is_refused(self):
        status, _, body = request(self.server.url + "/interview", [("given.capitl", "5")])
        self.assertRefused(status, body, 400, "&#39;capitl&#39; is not a question of this rule book")

    def test_a_value_out_of_range_is_refused(self):
        status, _, body = request(self.server.url + "/interview", [("given.capital", "-5")])
        self.assertRefused(status, body, 400, "below its minimum 0")
        status, _, body = request(self.server.url + "/interview", [("given.risk_tolerance", "reckless")])
        self.assertRefused(status, body, 400, "reckless")

    def test_a_malformed_body_is_refused(self):
        self.assertRefused(*raw_post(self.server.url, b"given.capital=5%zz"), 400, "is not followed by two hexadecimal digits")
        self.assertRefused(*raw_post(self.server.url, b'{"capital": 5}', "application/json"), 400, "not a form")

    def test_an_oversized_body_is_refused_with_413(self):
        self.assertRefused(*raw_post(self.server.url, b"a=" + b"x" * 70000), 413, "larger than 65536 bytes")

    def test_too_many_fields_are_refused(self):
        self.assertRefused(*raw_post(self.server.url, b"&".join([b"a=1"] * 3000)), 400, "fields, the most an interview")

    def test_invalid_utf8_is_refused(self):
        self.assertRefused(*raw_post(self.server.url, b"given.risk_tolerance=%C3%28"), 400, "is not valid UTF-8")

    def test_a_body_that_stops_early_leaves_the_server_serving(self):
        parsed = urllib.parse.urlparse(self.server.url)
        with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as sock:
            sock.sendall(b"POST /interview HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ngiven.cap")
        self.assertEqual(request(self.server.url + "/healthz")[0], 200)
        self.assertTrue(self.server.alive())


class BrowserTests(unittest.TestCase):
    """A real browser: chromium, headless, driven by Selenium through chromium-driver."""

    @classmethod
    def setUpClass(cls):
        missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
        except ImportError:
            missing.append("the selenium module (pip install selenium)")
        if missing:
            message = "missing for the browser tests: " + ", ".join(missing) + " (scripts/test.sh installs them)"
            if os.environ.get("CI"):
                raise RuntimeError(message)
            raise unittest.SkipTest(message)

        cls.started = time.monotonic()
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,1200"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()
        print(f"\nbrowser tests: {time.monotonic() - cls.started:.1f} s", flush=True)

    def active(self):
        return self.driver.switch_to.active_element

    def tab_to(self, action):
        """Tabs to the button doing `action`, as a keyboard user would."""
        from selenium.webdriver.common.keys import Keys

        for _ in range(40):
            if self.active().get_attribute("value") == action and self.active().tag_name == "button":
                return
            self.active().send_keys(Keys.TAB)
        self.fail(f"no button {action} reached with the Tab key")

    def answer_with_keyboard(self, name, values):
        """Answers the question on the page with the keyboard alone: the focus starts on it."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        focused = self.active()
        self.assertEqual(focused.get_attribute("name"), name, "the focus is on the question")
        kind = focused.get_attribute("type")
        if kind == "text":
            focused.send_keys(*values, Keys.ENTER)
            return
        choices = [e.get_attribute("value") for e in self.driver.find_elements(By.CSS_SELECTOR, f"input[name='{name}'][type='{kind}']")]
        if kind == "radio":
            # Arrow keys move the choice in a group of radio buttons.
            position = choices.index(focused.get_attribute("value"))
            target = choices.index(values[0])
            focused.send_keys(Keys.SPACE)
            for _ in range(abs(target - position)):
                self.active().send_keys(Keys.ARROW_DOWN if target > position else Keys.ARROW_UP)
        else:
            # Each checkbox is a stop of the Tab key; space ticks it.
            for index, value in enumerate(choices):
                if index > 0:
                    self.active().send_keys(Keys.TAB)
                if (value in values) != self.active().is_selected():
                    self.active().send_keys(Keys.SPACE)
        self.tab_to("answer")
        self.active().send_keys(Keys.ENTER)

    def test_the_browser_completes_the_interview_with_the_keyboard_and_reaches_the_recommendation_of_advisor_score(self):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait

        profile = load_profile(PROFILE)
        self.driver.get(self.server.url + "/")
        for _ in range(60):
            page = Form(self.driver.page_source)
            if page.model is not None:
                break
            before = self.driver.find_element(By.TAG_NAME, "main")
            if page.asked:
                if page.asked in profile:
                    self.answer_with_keyboard(page.asked, field_values(profile[page.asked]))
                else:
                    self.tab_to("skip")
                    self.active().send_keys(Keys.ENTER)
            else:
                self.assertEqual(page.title, "Check your answers")
                self.assertEqual(self.active().get_attribute("value"), "confirm", "the focus is on the button that goes on")
                self.active().send_keys(Keys.ENTER)
            WebDriverWait(self.driver, 30).until(lambda d: self._stale(before))
        main = self.driver.find_element(By.CSS_SELECTOR, "main[data-model]")
        self.assertEqual(main.get_attribute("data-model"), score(PROFILE))
        problems = [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        self.assertEqual(problems, [], "no page broke the policy or failed to load anything")

    def _stale(self, element):
        try:
            element.tag_name
            return False
        except Exception:
            return True

    def test_a_rule_book_holding_script_shows_it_as_text_and_runs_none(self):
        from selenium.common.exceptions import NoAlertPresentException
        from selenium.webdriver.common.by import By

        with Server("--rules", SCRIPT_BOOK) as server:
            self.driver.get(server.url + "/")
            heading = self.driver.find_element(By.TAG_NAME, "h1").text
            self.assertIn("<script>alert('question')</script>", heading, "the question's text, as text")
            self.assertIn("<script>alert('meaning')</script>", self.driver.find_element(By.TAG_NAME, "fieldset").text)
            with self.assertRaises(NoAlertPresentException):
                self.driver.switch_to.alert.text
            self.assertEqual(self.driver.find_elements(By.TAG_NAME, "script"), [])
            for _ in range(4):
                if self.driver.find_elements(By.CSS_SELECTOR, "main[data-model]"):
                    break
                buttons = self.driver.find_elements(By.CSS_SELECTOR, "input[type='radio'][value='a'], input[type='radio'][value='true']")
                if buttons:
                    buttons[0].click()
                    self.driver.find_element(By.CSS_SELECTOR, "button[value='answer']").click()
                else:
                    self.driver.find_element(By.CSS_SELECTOR, "button[value='confirm']").click()
                self.assertEqual(self.driver.find_elements(By.TAG_NAME, "script"), [])
                with self.assertRaises(NoAlertPresentException):
                    self.driver.switch_to.alert.text
            self.assertIn("<script>alert('model')</script>", self.driver.find_element(By.TAG_NAME, "main").text, "the result page too")


if __name__ == "__main__":
    unittest.main()
