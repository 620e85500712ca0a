"""One real browser session: headless Chromium logs in, labels an article, and the label is stored."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from workbench_helpers import ANALYST, PASSWORD, fill_db, running_server

from store.db import open_db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1280,1600",
]

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)",
)


@pytest.fixture
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install -e .[dev])")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


def test_an_analyst_labels_an_article_in_the_browser(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as page_has
    from selenium.webdriver.support.ui import WebDriverWait

    def wait_for(condition: object) -> object:
        return WebDriverWait(browser, 20).until(condition)

    db = fill_db(tmp_path / "waspada.db")
    with running_server(db) as base:
        browser.get(base + "/waspada/articles/2")
        browser.find_element(By.ID, "login-to-label").click()
        browser.find_element(By.ID, "username").send_keys(ANALYST)
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.find_element(By.ID, "login-submit").click()
        wait_for(page_has.presence_of_element_located((By.ID, "label-form")))
        assert "/waspada/articles/2" in browser.current_url  # back on the article after logging in
        browser.find_element(By.ID, "conflict-yes").click()
        browser.find_element(By.ID, "theme-protest").click()
        regency = browser.find_element(By.ID, "regency_code")
        regency.clear()
        regency.send_keys("63.71")
        browser.find_element(By.ID, "label-submit").click()
        wait_for(page_has.text_to_be_present_in_element((By.TAG_NAME, "body"), "Label saved"))
        body = browser.find_element(By.TAG_NAME, "body").text
        shot = Path(os.environ.get("WASPADA_SCREENSHOT_DIR", tmp_path)) / "labeled-article.png"
        browser.save_screenshot(str(shot))
    assert "Label saved for article 2" in body
    row = open_db(db).execute("select annotator, conflict, themes, regency_code from labels").fetchone()
    assert row[0] == ANALYST and row[1] == 1 and row[3] == "63.71"
    assert set(json.loads(row[2])) == {"prevention", "election", "protest"}  # model themes + protest


def test_the_map_shows_points_without_tiles(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as page_has
    from selenium.webdriver.support.ui import WebDriverWait

    db = fill_db(tmp_path / "waspada.db")
    with running_server(db) as base:  # its tile URL points at a closed port: no tiles, as offline
        browser.get(base + "/waspada/article_overview")
        WebDriverWait(browser, 20).until(
            page_has.presence_of_element_located((By.CSS_SELECTOR, ".leaflet-marker-icon, .marker-cluster"))
        )
        markers = browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon, .marker-cluster")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", markers[0])
        shot = Path(os.environ.get("WASPADA_SCREENSHOT_DIR", tmp_path)) / "map-offline.png"
        browser.save_screenshot(str(shot))
    assert markers, "no points on the map"
