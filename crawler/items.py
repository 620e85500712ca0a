"""The item a spider yields for each article page, ready for the store pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

LOCAL = {"seen_urls", "signature"}  # fields that are not `articles` columns


@dataclass
class Article:
    """One extracted article and every URL under which it was reached."""

    source: str
    url: str  # the URL of the response (after redirects)
    canonical_url: str  # normalised key (crawler.urls.normalize) of the page's canonical link
    title: str
    text: str
    lead: str
    fetched_at: str
    author: str | None = None
    credit: str | None = None
    published_at: str | None = None
    published_local: str | None = None
    tz: str | None = None
    date_source: str = "none"
    language: str | None = "id"
    seen_urls: list[str] = field(default_factory=list)  # every URL form to remember
    signature: bytes | None = None  # MinHash of the text (crawler.dedup), when computed by a worker

    def row(self) -> dict[str, Any]:
        """The `articles` columns of this item."""
        return {spec.name: getattr(self, spec.name) for spec in fields(self) if spec.name not in LOCAL}
