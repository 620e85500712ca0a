"""The sample-site articles we wrote are placed where their gold province and regency say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nlp.pipeline import build_nlp, regions_only
from nlp.regions.matcher import compose
from nlp.regions.resolver import resolve

ARTICLES = Path(__file__).resolve().parent.parent / "crawler" / "samplesite" / "articles"
OUTLET_PROVINCE = {"mediacenter": "63"}  # the outlet's default province, as in sources.yaml


def sample_articles() -> list[dict[str, Any]]:
    """Every entry of every YAML file in the sample site's article folder."""
    found: list[dict[str, Any]] = []
    for path in sorted(ARTICLES.glob("*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return found


ENTRIES = sample_articles()


@pytest.mark.skipif(not ENTRIES, reason="no sample articles written yet")
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry["id"])
def test_sample_article_is_placed_as_labeled(entry: dict[str, Any]) -> None:
    text, title_chars = compose(entry["title"], "\n\n".join(entry["paragraphs"]))
    nlp = build_nlp()
    with regions_only(nlp):
        doc = nlp(text)
    placement = resolve(doc, title_chars, OUTLET_PROVINCE.get(entry["outlet"]))
    got = (
        placement.province.code if placement.province else None,
        placement.regency.code if placement.regency else None,
    )
    assert got == (entry["province"], entry["regency"]), placement.reason
