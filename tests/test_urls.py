"""URL normalisation: tracking, AMP, scheme, www. and trailing-slash variants share one key."""

from __future__ import annotations

import pytest

from crawler.urls import is_amp, keys, normalize

BASE = "https://kabarnusantara.id/berita/2026/11/03/warga-gelar-doa-bersama"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "/",
        BASE + "?utm_source=rss&utm_medium=feed&utm_campaign=x",
        BASE + "/?fbclid=IwAR0abc&gclid=xyz",
        BASE + "/amp/",
        BASE + "/amp",
        BASE + "?amp",
        BASE + "?amp=1",
        "http://kabarnusantara.id/berita/2026/11/03/warga-gelar-doa-bersama",
        "https://www.kabarnusantara.id/berita/2026/11/03/warga-gelar-doa-bersama#komentar",
        "https://WWW.KabarNusantara.id:443/berita/2026/11/03/warga-gelar-doa-bersama/",
    ],
)
def test_variants_share_one_key(variant: str) -> None:
    assert normalize(variant) == BASE


def test_meaningful_query_stays_and_is_sorted() -> None:
    assert normalize("https://mc.go.id/?p=123") == "https://mc.go.id/?p=123"
    assert normalize("https://x.id/cari?q=banjir&page=2&utm_term=a") == "https://x.id/cari?page=2&q=banjir"


def test_local_test_servers_keep_http_and_port() -> None:
    assert normalize("http://127.0.0.1:8123/berita/satu/") == "http://127.0.0.1:8123/berita/satu"
    assert normalize("http://localhost:8123/") == "http://localhost:8123/"


def test_amp_is_recognised_and_keys_hold_both_forms() -> None:
    assert is_amp(BASE + "/amp/") and is_amp(BASE + "?amp=1") and not is_amp(BASE)
    assert keys(BASE + "/?utm_source=x", None, "mailto:a@b.c") == [BASE + "/?utm_source=x", BASE]
