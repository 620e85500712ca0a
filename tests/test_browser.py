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


def _shot(browser: object, tmp_path: Path, name: str) -> Path:
    shot = Path(os.environ.get("WASPADA_SCREENSHOT_DIR", tmp_path)) / name
    browser.save_screenshot(str(shot))
    return shot


def _top(browser: object, element_id: str) -> float:
    script = "return document.getElementById(arguments[0]).getBoundingClientRect().top"
    return browser.execute_script(script, element_id)


def test_an_analyst_labels_through_the_queue_in_the_browser(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as page_has
    from selenium.webdriver.support.ui import WebDriverWait

    def wait_for(condition: object) -> object:
        return WebDriverWait(browser, 20).until(condition)

    db = fill_db(tmp_path / "waspada.db")
    with running_server(db) as base:
        browser.set_window_size(1280, 800)
        browser.get(base + "/-/waspada/login")
        browser.find_element(By.ID, "username").send_keys(ANALYST)
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.find_element(By.ID, "login-submit").click()
        browser.find_element(By.LINK_TEXT, "artikel bertanda").click()  # "Tagged articles", start page
        browser.find_element(By.CSS_SELECTOR, 'a[href="/waspada/article_overview/2"]').click()
        wait_for(page_has.presence_of_element_located((By.ID, "label-form")))
        fold = browser.execute_script("return window.innerHeight")
        assert _top(browser, "label-form") < fold and _top(browser, "article-body") < fold
        assert "Pemilu & pilkada" in browser.page_source.replace("&amp;", "&")  # themes by Indonesian name
        assert browser.find_element(By.ID, "place-dot").is_displayed()  # the offline map of the place
        _shot(browser, tmp_path, "article-1280.png")
        browser.find_element(By.ID, "conflict-yes").click()
        browser.find_element(By.ID, "theme-protest").click()
        place = browser.find_element(By.ID, "place-search")
        place.clear()
        place.send_keys("banjarm")
        wait_for(page_has.element_to_be_clickable((By.CSS_SELECTOR, ".place-option"))).click()
        assert browser.find_element(By.ID, "regency_code").get_attribute("value") == "63.71"
        browser.find_element(By.ID, "save-next").click()
        wait_for(page_has.url_contains("/-/waspada/article/4?queue=1"))  # the next article in the queue
        assert "Label saved for article 2" in browser.find_element(By.TAG_NAME, "body").text
        browser.set_window_size(390, 844)
        browser.refresh()
        wait_for(page_has.presence_of_element_located((By.ID, "label-form")))
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 400 and _top(browser, "label-form") < 844
        _shot(browser, tmp_path, "article-390.png")
    row = open_db(db).execute("select annotator, conflict, themes, province_code, regency_code from labels")
    annotator, conflict, themes, province, regency = row.fetchone()
    assert (annotator, conflict, province, regency) == (ANALYST, 1, "63", "63.71")
    assert set(json.loads(themes)) == {"prevention", "election", "protest"}  # model themes + protest


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


def test_the_log_in_page_and_the_tables_greet_in_indonesian(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    with running_server(fill_db(tmp_path / "waspada.db")) as base:
        browser.set_window_size(1280, 800)
        browser.get(base + "/-/waspada/login")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Masuk analis"
        _shot(browser, tmp_path, "login-id.png")
        browser.get(base + "/waspada/article_overview")
        assert browser.find_element(By.CSS_SELECTOR, 'label[for="_search"]').text == "Cari:"
        _shot(browser, tmp_path, "overview-id.png")
        browser.find_element(By.CSS_SELECTOR, "details.nav-menu summary").click()
        browser.find_element(By.LINK_TEXT, "English").click()
        assert browser.find_element(By.CSS_SELECTOR, 'label[for="_search"]').text == "Search:"
