"""Which link is the next page of an article split over pages, and which links never are."""

from __future__ import annotations

import lxml.html

from crawler.pagination import MAX_PAGES, next_page, page_links

ARTICLE = "https://banjarmasin.tribunnews.com/2026/11/20/warga-dua-desa-bentrok"


def links_of(html: str, url: str = ARTICLE) -> list[str]:
    return page_links(lxml.html.document_fromstring(html), url)


def test_query_page_link_is_the_next_page() -> None:
    html = f"<a href='{ARTICLE}?page=2'>2</a><a href='{ARTICLE}?page=all'>Tampilkan Semua</a>"
    assert next_page(links_of(html), ARTICLE, 1) == f"{ARTICLE}?page=2"


def test_relative_link_and_tracking_parameters_of_the_article_address() -> None:
    html = "<a href='?page=3'>3</a><a href='/2026/11/20/warga-dua-desa-bentrok?page=2'>Selanjutnya</a>"
    url = f"{ARTICLE}?utm_source=rss"
    assert next_page(links_of(html, url), url, 1) == f"{ARTICLE}?page=2"
    assert next_page(links_of(html, url), url, 2) == f"{ARTICLE}?page=3"


def test_wordpress_path_page_and_rel_next() -> None:
    post = "https://mc.example.go.id/2026/11/20/mediasi-sengketa-lahan/"
    html = f"<head><link rel='next' href='{post}2/'></head><body><p>teks</p></body>"
    assert next_page(links_of(html, post), post, 1) == f"{post}2/"


def test_detik_style_path_page() -> None:
    url = "https://news.detik.com/berita/d-7654321/polisi-amankan-demo"
    assert next_page(links_of(f"<a href='{url}/2'>2</a>", url), url, 1) == f"{url}/2"


def test_next_article_with_a_numeric_address_is_not_a_page() -> None:
    url = "https://kabar.example/berita/12345"
    html = "<a href='/berita/12346'>Berita berikutnya</a><a href='/berita/2'>2</a>"
    assert next_page(links_of(html, url), url, 1) is None


def test_listing_pages_and_other_articles_are_not_pages_of_this_one() -> None:
    html = (
        "<a href='/indeks?page=2'>2</a>"
        "<a href='/2026/11/20/harga-cabai-naik?page=2'>2</a>"
        f"<a href='{ARTICLE}?page=3'>3</a>"  # not the next one
    )
    assert next_page(links_of(html), ARTICLE, 1) is None


def test_no_page_beyond_the_limit() -> None:
    html = f"<a href='{ARTICLE}?page={MAX_PAGES + 1}'>next</a>"
    assert next_page(links_of(html), ARTICLE, MAX_PAGES) is None
    html = f"<a href='{ARTICLE}?page={MAX_PAGES}'>next</a>"
    assert next_page(links_of(html), ARTICLE, MAX_PAGES - 1) == f"{ARTICLE}?page={MAX_PAGES}"
