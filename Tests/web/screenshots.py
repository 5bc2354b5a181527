"""The README's pictures of the web interview: a question (with its help and why open), the list
of answers, and the result page, for an example founder, taken with headless chromium.

    python3 Tests/web/screenshots.py [--advisor BINARY] [--out Docs/images]
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtool import ROOT, Form, Server, field_values, load_profile  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.expected_conditions import staleness_of  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def submit(driver, selector):
    """Presses a button and waits for the next page."""
    old = driver.find_element(By.TAG_NAME, "main")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 30).until(staleness_of(old))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--advisor")
    parser.add_argument("--out", default=os.path.join(ROOT, "Docs", "images"))
    parser.add_argument("--profile", default=os.path.join(ROOT, "Examples", "profiles", "m2c-korean-skincare-brand.yaml"))
    arguments = parser.parse_args()
    if arguments.advisor:
        os.environ["ADVISOR"] = arguments.advisor
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1250", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    profile = load_profile(arguments.profile)
    os.makedirs(arguments.out, exist_ok=True)
    try:
        with Server() as server:
            driver.get(server.url + "/")
            answered = 0
            for _ in range(60):
                page = Form(driver.page_source)
                if page.model is not None:
                    break
                if page.asked:
                    if answered == 2:
                        driver.find_element(By.TAG_NAME, "summary").click()
                        driver.save_screenshot(os.path.join(arguments.out, "web-question.png"))
                    values = field_values(profile.get(page.asked, ""))
                    for element in driver.find_elements(By.CSS_SELECTOR, f"input[name='{page.asked}']"):
                        kind = element.get_attribute("type")
                        if kind == "hidden":
                            continue
                        if kind == "text":
                            element.clear()
                            element.send_keys(values[0])
                        elif kind in ("radio", "checkbox") and (element.get_attribute("value") in values) != element.is_selected():
                            driver.find_element(By.CSS_SELECTOR, f"label[for='{element.get_attribute('id')}']").click()
                    button = "answer" if page.asked in profile else "skip"
                    submit(driver, f"button[value='{button}']")
                    answered += 1
                else:
                    driver.save_screenshot(os.path.join(arguments.out, "web-check.png"))
                    submit(driver, "button[value='confirm']")
            driver.set_window_size(900, 1300)
            driver.save_screenshot(os.path.join(arguments.out, "web-result.png"))
    finally:
        driver.quit()
    print("wrote web-question.png, web-check.png and web-result.png to", arguments.out)


if __name__ == "__main__":
    main()
