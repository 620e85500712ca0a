"""Golden pages (Fundus style) through crawler.extract, field by field; stored bodies against the YAML."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from crawl_helpers import rows

from crawler.clean import BYLINE, CREDIT_LINE, DROP_LINE, STOP_LINE
from crawler.extract import extract
from crawler.urls import normalize

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
PAGES = sorted(GOLDEN.glob("*/*.html"))
FIELDS = ("title", "published_at", "tz", "author", "credit", "text")
MIN_RATIO = 0.98


def golden_item(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


def extracted(page: Path) -> dict:
    item = extract(page.read_text(encoding="utf-8"), tz="WITA")
    return {
        "title": item.title,
        "published_at": item.date.published_at,
        "tz": item.date.tz,
        "author": item.author,
        "credit": item.body.credit,
        "text": item.body.text,
    }


def test_every_outlet_has_golden_pages() -> None:
    assert {page.parent.name for page in PAGES} >= {"mediacenter", "kabarnusantara", "wartatimur"}
    for page in PAGES:
        assert golden_item(page)["source"]["origin"]


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.parent.name}/{p.stem}" for p in PAGES])
@pytest.mark.parametrize("field", FIELDS)
def test_golden_page_field(page: Path, field: str) -> None:
    assert extracted(page)[field] == golden_item(page)[field]


def boilerplate(line: str) -> bool:
    return bool(
        BYLINE.match(line) or DROP_LINE.match(line) or STOP_LINE.match(line) or CREDIT_LINE.match(line)
    )


def test_stored_bodies_match_the_articles_as_written(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    low = []
    for article in sample_site.articles:
        found = rows(
            crawled_db, "select text from articles where canonical_url = ?", (normalize(article["url"]),)
        )
        text = found[0]["text"]
        ratio = difflib.SequenceMatcher(
            None, text, "\n\n".join(article["paragraphs"]), autojunk=False
        ).ratio()
        if ratio < MIN_RATIO:
            low.append((article["id"], round(ratio, 3)))
        assert not [line for line in text.split("\n\n") if boilerplate(line)], article["id"]
        if article.get("credit"):
            assert article["credit"] not in text
    assert low == []
