"""Headlines as displayed: the site name is taken off meta titles, whatever the outlet."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.extract import extract
from crawler.titles import headline, site_keys, strip_site


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Banjir Rendam Dua Desa - Kabarku.com", None, "https://www.kabarku.com/a", "Banjir Rendam Dua Desa"),
        ("Banjir Rendam Dua Desa | Warta Timur Online", "Warta Timur Online", None, "Banjir Rendam Dua Desa"),
        (
            "WartaKu.com: FOTO: Banjir Rendam Dua Desa",
            None,
            "https://wartaku.com/x",
            "FOTO: Banjir Rendam Dua Desa",
        ),
        (
            "Banjir Rendam Dua Desa - Regional Kabarku.com",
            None,
            "https://daerah.kabarku.co.id/a",
            "Banjir Rendam Dua Desa",
        ),
        (
            "Banjir Rendam Dua Desa : Kabarku Celebrity",
            None,
            "https://seleb.kabarku.com/a",
            "Banjir Rendam Dua Desa",
        ),
        (
            "Tri Indonesia: Sinyal Menguat di Desa",
            None,
            "https://tekno.kabarku.com/a",
            "Tri Indonesia: Sinyal Menguat di Desa",
        ),
        ("Kabarku.com", None, "https://kabarku.com/", "Kabarku.com"),
    ],
)
def test_site_name_is_stripped_from_either_end(
    title: str, site: str | None, url: str | None, expected: str
) -> None:
    assert strip_site(title, site_keys([site], [url])) == expected


def test_category_h1_loses_to_the_headline_that_matches_the_meta_title() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><h1>Regional</h1><div class='judul'>Banjir Rendam Dua Desa</div>"
        "<h1>Banjir Rendam Dua Desa</h1></body></html>"
    )
    keys = site_keys([], ["https://kabarku.com/a"])
    assert headline(tree, ["Banjir Rendam Dua Desa - Kabarku.com Regional"], keys) == "Banjir Rendam Dua Desa"
    assert headline(tree, ["Kabarku.com: Berita - Banjir Rendam Dua Desa"], keys) == "Banjir Rendam Dua Desa"


def test_sidebar_date_lists_do_not_hide_the_article_or_its_time() -> None:
    from pathlib import Path

    html = (Path(__file__).parent / "fixtures" / "pages" / "html" / "sidebar-list.html").read_text(
        encoding="utf-8"
    )
    page = extract(html, "https://wartapesisir.example/berita/kapal-nelayan-hilang")
    assert page.title == "Kapal Nelayan Hilang di Perairan Selatan"
    assert page.date.published_local == "2025-02-17 10:08 WIB"
    assert "WIB" not in page.body.text


HEADLINE = "Warga Tolak Tambang Pasir di Sungai Sambas, Ini Tuntutannya"
BODY = (
    "<div class='content'><p>SAMBAS - Ratusan warga menolak aktivitas tambang pasir di sungai desa mereka "
    "karena khawatir abrasi merusak kebun dan rumah di tepi sungai.</p><p>Kepala desa mengatakan pihaknya "
    "sudah menyampaikan keberatan warga kepada dinas terkait sejak bulan lalu.</p></div></body></html>"
)


@pytest.mark.parametrize(
    "head",
    [  # og:title names only the site, on every page of a misconfigured site
        f"<title>{HEADLINE} - Kabar Sambas</title><meta property='og:title' content='Kabar Sambas'>"
        f"</head><body><div class='post-title'>{HEADLINE}</div>",
        # … and so do <title> and the logo's <h1>: the headline is the element named like one
        "<title>Kabar Sambas</title><meta property='og:title' content='Kabar Sambas'></head><body>"
        f"<h1 class='logo'>Kabar Sambas</h1><h2 class='entry-title'>{HEADLINE}</h2>",
    ],
)
def test_a_title_naming_only_the_site_is_no_headline(head: str) -> None:
    assert extract(f"<html><head>{head}{BODY}", "https://kabarsambas.id/berita/1").title == HEADLINE


def test_a_headline_that_mentions_the_outlet_is_still_the_headline() -> None:
    title = "Pembaca Kabar Sambas Kirim Bantuan untuk Korban Banjir di Sejangkung"
    head = f"<title>{title} - Kabar Sambas</title><meta property='og:title' content='{title}'></head><body>"
    page = extract(f"<html><head>{head}<h1>{title}</h1>{BODY}", "https://kabarsambas.id/berita/2")
    assert page.title == title
