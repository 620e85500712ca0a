"""Who the sample outlets are: names, chrome text, and the source entries that point a crawl at them."""

from __future__ import annotations

from typing import Any

from crawler.samplesite.base import Outlet
from crawler.samplesite.broken import DeadApiOutlet, RusakFeedOutlet
from crawler.samplesite.catalog import Entry
from crawler.samplesite.portal import PortalOutlet
from crawler.samplesite.warta import WartaOutlet
from crawler.samplesite.wordpress import API_PATH, WordPressOutlet

INFO: dict[str, dict[str, Any]] = {
    "mediacenter": {
        "title": "Media Center Kalimantan Selatan",
        "kind": "wordpress",
        "type": "government",
        "tagline": "Portal Berita Pemerintah Provinsi Kalimantan Selatan (situs contoh luring)",
        "menu": ["Pemerintahan", "Daerah", "Politik", "Ekonomi", "Sosial", "Olahraga"],
        "social": "mckalsel",
        "today": "Selamat datang di portal berita pemerintah",
        "address": "Dinas Komunikasi dan Informatika, Jl. Dharma Praja, Banjarbaru, Kalimantan Selatan",
        "footer": "Situs contoh untuk pengujian Waspada.",
    },
    "kabarnusantara": {
        "title": "Kabar Nusantara",
        "kind": "feed",
        "type": "regional",
        "tagline": "Kabar Terkini dari Daerah untuk Indonesia",
        "menu": ["Nasional", "Daerah", "Politik", "Hukum", "Ekonomi", "Olahraga"],
        "footer": "Seluruh hak cipta dilindungi. Situs contoh untuk pengujian Waspada.",
    },
    "wartatimur": {
        "title": "Warta Timur",
        "kind": "sitemap",
        "type": "regional",
        "tagline": "Tajam, Terpercaya, dari Timur",
        "menu": ["Kota", "Daerah", "Hukum", "Politik", "Olahraga"],
        "footer": "Situs contoh untuk pengujian Waspada.",
    },
    "rusakfeed": {
        "title": "Rusak Feed",
        "kind": "feed",
        "type": "regional",
        "tagline": "Berita Banua Setiap Hari",
        "menu": ["Daerah", "Wisata"],
        "footer": "Situs contoh dengan feed rusak.",
    },
    "wpmati": {
        "title": "Kabar Kecamatan",
        "kind": "wordpress",
        "type": "government",
        "tagline": "Informasi Pemerintah Kecamatan (REST API mati)",
        "menu": ["Berita", "Pengumuman"],
        "social": "kabarkecamatan",
        "today": "Selamat datang",
        "address": "Kantor Camat, Jl. Pangeran Antasari",
        "footer": "Situs contoh untuk pengujian Waspada.",
    },
}
MAIN_OUTLETS = ("mediacenter", "kabarnusantara", "wartatimur")
CLASSES: dict[str, type[Outlet]] = {
    "mediacenter": WordPressOutlet,
    "kabarnusantara": PortalOutlet,
    "wartatimur": WartaOutlet,
    "rusakfeed": RusakFeedOutlet,
    "wpmati": DeadApiOutlet,
}


def build_outlets(entries: list[Entry], broken: bool) -> dict[str, Outlet]:
    """One outlet object per site, holding its own entries (the small broken sources only if asked)."""
    keys = list(INFO) if broken else list(MAIN_OUTLETS)
    outlets: dict[str, Outlet] = {}
    for key in keys:
        outlet = CLASSES[key](INFO[key] | {"key": key, "tz": "WITA"}, [e for e in entries if e.outlet == key])
        outlet.key = key
        outlets[key] = outlet
    return outlets


def source_entry(key: str, base_url: str) -> dict[str, Any]:
    """The sources.yaml entry for one outlet served at base_url."""
    info = INFO[key]
    entry: dict[str, Any] = {
        "name": key,
        "title": info["title"],
        "kind": info["kind"],
        "home_url": base_url + "/",
    }
    if info["kind"] == "wordpress":
        entry |= {"api_url": base_url + API_PATH, "feed_url": base_url + "/feed/"}
    elif key == "kabarnusantara":
        entry["feed_url"] = base_url + "/rss.xml"
    elif info["kind"] == "feed":
        entry["feed_url"] = base_url + "/feed.xml"
    else:
        entry["sitemap_url"] = base_url + "/sitemap_index.xml"
    return entry | {"province": "63", "tz": "WITA", "type": info["type"]}
