"""The workbench speaks Indonesian first: log-in page, menu and Datasette's own pages; English by a switch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import datasette
import httpx
import pytest
import yaml
from workbench_helpers import csrf_token, fill_db, running_server

from waspada.datasette import chrome

TEMPLATES = Path(datasette.__file__).parent / "templates"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(fill_db(tmp_path_factory.mktemp("lang") / "waspada.db")) as url:
        yield url


@contextmanager
def english(base: str) -> Iterator[httpx.Client]:
    """A browser that chose English with the menu's switch."""
    with httpx.Client(base_url=base, timeout=30) as client:
        switched = client.get("/-/waspada/lang/en", params={"next": "/waspada/article_overview"})
        assert switched.status_code == 302 and switched.headers["location"] == "/waspada/article_overview"
        yield client


def test_datasette_pages_are_in_indonesian_by_default(base: str) -> None:
    table = httpx.get(base + "/waspada/article_overview", timeout=30).text
    for phrase in (
        '<label for="_search">Cari:</label>',
        'value="Terapkan"',
        "Dibuat dengan",
        "Ekspor lanjutan",
    ):
        assert phrase in table
    assert "Apply" not in table and "Powered by" not in table
    assert '<h2 id="queries">Kueri tersimpan</h2>' in httpx.get(base + "/waspada", timeout=30).text
    assert "baris dalam" in httpx.get(base + "/", timeout=30).text
    assert "<h1>Artikel bertanda</h1>" in table and ">beranda</a>" in table  # metadata and crumbs
    assert "<dd>Provinsi tempat yang dibahas artikel</dd>" in table
    assert ">Antrean label</a>" in table and ">English</a>" in table


def test_the_switch_brings_english_back_everywhere(base: str) -> None:
    with english(base) as client:
        table = client.get("/waspada/article_overview").text
        login = client.get("/-/waspada/login").text
        article = client.get("/-/waspada/article/1").text
    assert 'value="Apply"' in table and "Powered by" in table and ">Label queue</a>" in table
    assert "<h1>Tagged articles</h1>" in table
    assert ">Bahasa Indonesia</a>" in table
    assert "<h1>Analyst log in</h1>" in login and "Password" in login
    assert "Save &amp; next" in article or "Log in as an analyst to label" in article


def test_login_page_and_its_errors_are_in_indonesian(base: str) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/-/waspada/login").text
        token = csrf_token(client)
        failed = client.post(
            "/-/waspada/login", data={"csrftoken": token, "username": "siapa", "password": "salah-sekali"}
        )
    assert "<h1>Masuk analis</h1>" in page and "Kata sandi" in page and 'value="Masuk"' in page
    assert failed.status_code == 401 and "kata sandi salah" in failed.text


def test_the_switch_only_returns_to_a_page_of_this_site(base: str) -> None:
    for target in ("//evil.example", "/\\evil.example", "https://evil.example/"):
        response = httpx.get(base + "/-/waspada/lang/en", params={"next": target}, timeout=30)
        assert response.status_code == 302 and response.headers["location"] == "/"


@pytest.mark.parametrize("name", sorted({*chrome.PHRASES, *chrome.EXPRESSIONS}))
def test_every_phrase_is_found_in_datasettes_templates(name: str) -> None:
    assert chrome.missing(name, (TEMPLATES / name).read_text(encoding="utf-8")) == []


def test_every_title_and_description_of_the_metadata_has_indonesian_words() -> None:
    metadata = yaml.safe_load((chrome.METADATA_ID.parent / "metadata.yaml").read_text(encoding="utf-8"))
    texts = [metadata["title"], metadata["description_html"], metadata["source"], metadata["license"]]
    for kind in ("tables", "queries"):
        for entry in metadata["databases"]["waspada"][kind].values():
            texts += [entry.get("title"), entry.get("description"), *(entry.get("columns") or {}).values()]
    missing = [text for text in texts if text and text.strip() not in chrome.metadata_words()]
    assert missing == []
