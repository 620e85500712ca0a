"""The bundled sample news site over real HTTP: outlets, metadata, conditional GET, broken pages, scale."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
import yaml

from crawler.samplesite import SampleSite
from crawler.samplesite.catalog import ARTICLES_DIR, DAYS
from crawler.samplesite.generate import generate_articles
from store.errors import InputError

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "samplesite" / "articles"
ARTICLES = ARTICLES_DIR if any(ARTICLES_DIR.glob("*.yaml")) else FIXTURE_DIR
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Page:
    """One HTTP answer: status, headers, body bytes."""

    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def tree(self) -> Any:
        return lxml.html.fromstring(self.body)


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> Page:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Page(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Page(error.code, error.headers, error.read())


def no_redirect(url: str) -> tuple[int, str]:
    """Status and Location of one request, without following redirects."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    connection.request("GET", parts.path)
    response = connection.getresponse()
    connection.close()
    return response.status, response.getheader("Location") or ""


def clean(url: str) -> str:
    return url.split("?utm_")[0]


@pytest.fixture(scope="module")
def site() -> Iterator[SampleSite]:
    with SampleSite(ARTICLES, slow_seconds=3) as running:
        yield running


def outlet_articles(site: SampleSite, outlet: str) -> list[dict[str, Any]]:
    return [a for a in site.articles if a["outlet"] == outlet]


def dated(site: SampleSite, outlet: str) -> dict[str, Any]:
    return next(a for a in outlet_articles(site, outlet) if not a.get("no_date"))


# --- the site as a whole ----------------------------------------------------------------------------


def test_sources_name_every_outlet_with_its_entry_urls(site: SampleSite, tmp_path: Path) -> None:
    sources = {s["name"]: s for s in site.sources()}
    assert set(sources) == {"mediacenter", "kabarnusantara", "wartatimur", "rusakfeed", "wpmati"}
    assert sources["mediacenter"]["kind"] == "wordpress"
    assert fetch(sources["mediacenter"]["api_url"]).status == 200
    assert fetch(sources["kabarnusantara"]["feed_url"]).status == 200
    assert fetch(sources["wartatimur"]["sitemap_url"]).status == 200
    assert all(s["province"] == "63" and s["tz"] == "WITA" for s in sources.values())
    written = yaml.safe_load(site.write_sources(tmp_path / "sources.yaml").read_text(encoding="utf-8"))
    assert written == site.sources()


def test_every_article_is_served_with_its_title(site: SampleSite) -> None:
    assert {a["outlet"] for a in site.articles} == {"mediacenter", "kabarnusantara", "wartatimur"}
    for article in site.articles:
        page = fetch(article["url"])
        assert page.status == 200, article["url"]
        assert page.headers["Content-Type"] == "text/html; charset=UTF-8"
        assert article["title"] in page.tree().xpath("string(//h1)")


def test_robots_txt_disallows_admin_and_search(site: SampleSite) -> None:
    for key, base in site.base_urls.items():
        page = fetch(base + "/robots.txt")
        assert page.headers["Content-Type"].startswith("text/plain; charset=")
        assert "Disallow: /wp-admin/" in page.text and "Disallow: /cari" in page.text, key
    assert (
        f"Sitemap: {site.base_urls['wartatimur']}/sitemap_index.xml"
        in fetch(site.base_urls["wartatimur"] + "/robots.txt").text
    )


@pytest.mark.parametrize(
    ("outlet", "path"),
    [
        ("mediacenter", "/feed/"),
        ("mediacenter", "/wp-json/wp/v2/posts"),
        ("kabarnusantara", "/rss.xml"),
        ("wartatimur", "/sitemap_index.xml"),
        ("wartatimur", "/sitemap-news.xml"),
    ],
)
def test_conditional_get_answers_304(site: SampleSite, outlet: str, path: str) -> None:
    url = site.base_urls[outlet] + path
    first = fetch(url)
    assert first.status == 200 and "charset=" in first.headers["Content-Type"]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert fetch(url, {"If-None-Match": etag}).status == 304
    assert fetch(url, {"If-Modified-Since": modified}).status == 304
    assert fetch(url, {"If-None-Match": '"stale"'}).status == 200
    assert fetch(url, {"If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"}).status == 200


def test_hits_count_requests_per_outlet_and_prefix(site: SampleSite) -> None:
    site.reset_hits()
    fetch(site.base_urls["kabarnusantara"] + "/rss.xml")
    fetch(dated(site, "kabarnusantara")["url"])
    assert site.hits("kabarnusantara") == 2
    assert site.hits("kabarnusantara", "/rss") == 1
    assert site.hits("mediacenter") == 0
    site.reset_hits()
    assert site.hits("kabarnusantara") == 0


# --- mediacenter: WordPress ---------------------------------------------------------------------------


def test_wordpress_api_pages_like_real_wordpress(site: SampleSite) -> None:
    api = site.sources()[0]["api_url"]
    first = fetch(api + "?per_page=1&page=1&orderby=date&order=desc")
    total, pages = int(first.headers["X-WP-Total"]), int(first.headers["X-WP-TotalPages"])
    assert total >= len(outlet_articles(site, "mediacenter")) and pages == total
    post = json.loads(first.body)[0]
    for field in ("id", "date", "date_gmt", "link", "author", "categories"):
        assert field in post
    assert {"rendered"} <= set(post["title"]) and "<p>" in post["content"]["rendered"]
    local, gmt = datetime.fromisoformat(post["date"]), datetime.fromisoformat(post["date_gmt"])
    assert local - gmt == timedelta(hours=8) and local.tzinfo is None
    past = fetch(api + f"?per_page=1&page={pages + 1}")
    assert past.status == 400 and json.loads(past.body)["code"] == "rest_post_invalid_page_number"
    everything = json.loads(fetch(api + "?per_page=100").body)
    assert len(everything) == total
    newer = json.loads(fetch(api + "?per_page=100&after=" + post["date"]).body)
    assert newer == [] and len(json.loads(fetch(api + "?per_page=100&after=2000-01-01T00:00:00").body)) > 0


def test_wordpress_feed_has_full_content_creator_and_utc_dates(site: SampleSite) -> None:
    page = fetch(site.base_urls["mediacenter"] + "/feed/")
    assert page.headers["Content-Type"] == "application/rss+xml; charset=UTF-8"
    feed = feedparser.parse(page.body)
    assert not feed.bozo
    article = dated(site, "mediacenter")
    entry = next(e for e in feed.entries if e.link == article["url"])
    assert article["paragraphs"][0].split("–")[-1].strip()[:40] in entry.content[0].value
    assert entry.author == (article["author"] or "admin")
    assert re.search(r"<pubDate>[^<]+ \+0000</pubDate>", page.text)


def test_wordpress_article_page_has_full_chrome_and_metadata(site: SampleSite) -> None:
    article = next(
        a
        for a in outlet_articles(site, "mediacenter")
        if a["author"] and a["credit"] and not a.get("no_date")
    )
    page = fetch(article["url"])
    tree = page.tree()
    assert tree.xpath("string(//meta[@property='og:type']/@content)") == "article"
    assert tree.xpath("string(//meta[@property='og:title']/@content)") == article["title"]
    published = tree.xpath("string(//meta[@property='article:published_time']/@content)")
    assert published.endswith("+08:00") and published.startswith(article["published"][:10])
    assert tree.xpath("string(//link[@rel='canonical']/@href)") == article["url"]
    assert tree.xpath("string(//*[@class='entry-title'])") == article["title"]
    assert f"Oleh {article['author']}" in " ".join(tree.xpath("string(//*[@class='byline'])").split())
    assert tree.xpath("//article//time[@datetime]")
    body = [" ".join(p.text_content().split()) for p in tree.xpath("//div[@class='entry-content']/p")]
    assert body[-1] == article["credit"]
    for paragraph in article["paragraphs"]:
        assert " ".join(paragraph.split()) in body
    if len(outlet_articles(site, "mediacenter")) > 1:
        assert any(p.startswith("Baca juga: ") for p in body)
    for chrome in (
        "Bagikan:",
        "Facebook",
        "WhatsApp",
        "Mungkin Anda Menyukai",
        "Tinggalkan Balasan",
        "Pos-pos Terbaru",
        "Beranda",
    ):
        assert chrome in page.text


def test_shortlink_serves_the_same_article_with_canonical(site: SampleSite) -> None:
    case = site.broken_cases["duplicate_url"]
    assert case["expect"] == "duplicate"
    page = fetch(case["url"])
    canonical = page.tree().xpath("string(//link[@rel='canonical']/@href)")
    assert page.status == 200 and canonical != case["url"]
    assert canonical in [a["url"] for a in site.articles]
    listed = [p["link"] for p in json.loads(fetch(site.sources()[0]["api_url"] + "?per_page=100").body)]
    assert case["url"] in listed and canonical in listed
    assert case["url"] in [
        e.link for e in feedparser.parse(fetch(site.sources()[0]["feed_url"]).body).entries
    ]


# --- kabarnusantara: RSS + AMP ------------------------------------------------------------------------


def test_portal_feed_has_tracking_links_and_zone_offsets(site: SampleSite) -> None:
    page = fetch(site.base_urls["kabarnusantara"] + "/rss.xml")
    feed = feedparser.parse(page.body)
    assert not feed.bozo
    assert all(e.link.endswith("?utm_source=rss&utm_medium=feed") for e in feed.entries)
    assert set(re.findall(r"<pubDate>[^<]+ (\+0\d00)</pubDate>", page.text)) <= {"+0700", "+0800", "+0900"}
    assert "content" not in feed.entries[0]
    listed = {clean(e.link).removesuffix("/amp") for e in feed.entries}
    assert {a["url"] for a in outlet_articles(site, "kabarnusantara")} <= listed


def test_portal_article_has_byline_editor_json_ld_and_amp_copy(site: SampleSite) -> None:
    article = next(a for a in outlet_articles(site, "kabarnusantara") if a["author"] and not a.get("no_date"))
    tree = fetch(article["url"]).tree()
    info = " ".join(tree.xpath("string(//*[@class='read__info'])").split())
    assert f"Penulis : {article['author']}" in info and "Editor : " in info
    ld = json.loads(tree.xpath("string(//script[@type='application/ld+json'])"))
    assert ld["@type"] == "NewsArticle" and ld["headline"] == article["title"]
    assert ld["datePublished"].startswith(article["published"].replace(" ", "T"))
    amp = fetch(article["url"] + "/amp")
    assert amp.status == 200 and "<html ⚡" in amp.text
    assert amp.tree().xpath("string(//link[@rel='canonical']/@href)") == article["url"]


# --- wartatimur: sitemaps -----------------------------------------------------------------------------


def test_sitemap_index_leads_to_news_and_monthly_sitemaps(site: SampleSite) -> None:
    base = site.base_urls["wartatimur"]
    index = ET.fromstring(fetch(base + "/sitemap_index.xml").body)
    maps = [loc.text for loc in index.iter(SM + "loc")]
    assert base + "/sitemap-news.xml" in maps
    assert any(re.search(r"/sitemap-posts-\d{4}-\d{2}\.xml$", m or "") for m in maps)
    news = ET.fromstring(fetch(base + "/sitemap-news.xml").body)
    dates = [d.text for d in news.iter(NEWS + "publication_date")]
    assert dates and all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[789]:00$", d or "") for d in dates)
    monthly = [m for m in maps if m and "sitemap-posts" in m]
    locs = {loc.text for m in monthly for loc in ET.fromstring(fetch(m).body).iter(SM + "loc")}
    assert {a["url"] for a in outlet_articles(site, "wartatimur")} <= locs


def test_warta_article_shows_the_date_as_a_visible_line(site: SampleSite) -> None:
    article = dated(site, "wartatimur")
    tree = fetch(article["url"]).tree()
    line = tree.xpath("string(//*[@class='post-date'])")
    day = datetime.strptime(article["published"], "%Y-%m-%d %H:%M")
    assert line == (
        f"{DAYS[day.weekday()]}, {day.day} {line.split()[2]} {day.year} {day:%H:%M} {article['tz']}"
    )
    assert article["paragraphs"][0] in tree.xpath("string(//*[@class='post-body'])")


# --- broken cases ---------------------------------------------------------------------------------------


def listed_urls(site: SampleSite, source: str) -> set[str]:
    """Every URL a crawl of one source meets in its feed, API or sitemaps (tracking removed)."""
    entry = next(s for s in site.sources() if s["name"] == source)
    if entry["kind"] == "sitemap":
        index = ET.fromstring(fetch(entry["sitemap_url"]).body)
        maps = [loc.text or "" for loc in index.iter(SM + "loc")]
        return {loc.text or "" for m in maps for loc in ET.fromstring(fetch(m).body).iter(SM + "loc")}
    feed = feedparser.parse(fetch(entry["feed_url"]).body)
    return {clean(e.link) for e in feed.entries if "link" in e}


def test_every_broken_case_is_reachable_from_its_source(site: SampleSite) -> None:
    expected = {
        "malformed_feed",
        "wrong_charset",
        "not_article",
        "not_found",
        "flaky_500",
        "timeout",
        "oversized",
        "redirect_loop",
        "wp_api_html",
        "duplicate_url",
        "no_date",
    }
    assert set(site.broken_cases) == expected
    for name, case in site.broken_cases.items():
        if name in ("malformed_feed", "wp_api_html"):
            continue
        assert case["url"] in listed_urls(site, case["source"]), name


def test_malformed_feed_is_not_well_formed_xml(site: SampleSite) -> None:
    case = site.broken_cases["malformed_feed"]
    assert case["expect"] == "feed_malformed"
    body = fetch(case["url"]).body
    with pytest.raises(ET.ParseError):
        ET.fromstring(body)
    salvaged = feedparser.parse(body)
    assert salvaged.bozo
    rusak = {a["url"] for a in site.extra_articles if a["outlet"] == "rusakfeed"}
    assert {e.link for e in salvaged.entries if "link" in e} == rusak
    assert all(fetch(url).status == 200 for url in rusak)


def test_wrong_charset_page_is_windows_1252_declared_utf8(site: SampleSite) -> None:
    case = site.broken_cases["wrong_charset"]
    page = fetch(case["url"])
    assert page.headers["Content-Type"] == "text/html; charset=UTF-8"
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("utf-8")
    text = page.body.decode("cp1252")
    assert "“Kami minta maaf kepada warga,”" in text and "René Wijaya" in text and "charset=utf-8" in text
    assert case["url"] in [a["url"] for a in site.extra_articles]


def test_not_article_and_not_found(site: SampleSite) -> None:
    listing = fetch(site.broken_cases["not_article"]["url"])
    assert listing.status == 200 and not listing.tree().xpath("//article")
    assert listing.tree().xpath("string(//meta[@property='og:type']/@content)") == "website"
    assert fetch(site.broken_cases["not_found"]["url"]).status == 404
    assert site.broken_cases["not_found"]["expect"] == "http_404"


def test_redirect_loop_bounces_between_two_urls(site: SampleSite) -> None:
    first = site.broken_cases["redirect_loop"]["url"]
    status, second = no_redirect(first)
    assert status == 301 and second != first
    assert no_redirect(second) == (301, first)


def test_oversized_page_is_over_six_megabytes(site: SampleSite) -> None:
    page = fetch(site.broken_cases["oversized"]["url"])
    assert int(page.headers["Content-Length"]) > 6_000_000 and len(page.body) > 6_000_000


def test_dead_wordpress_api_answers_html_but_its_feed_works(site: SampleSite) -> None:
    case = site.broken_cases["wp_api_html"]
    api = fetch(case["url"])
    assert api.status == 200 and api.headers["Content-Type"].startswith("text/html")
    with pytest.raises(json.JSONDecodeError):
        json.loads(api.body)
    feed = feedparser.parse(fetch(site.base_urls["wpmati"] + "/feed/").body)
    assert 2 <= len(feed.entries) <= 3
    assert all(fetch(e.link).status == 200 for e in feed.entries)
    wpmati = {a["url"] for a in site.extra_articles if a["outlet"] == "wpmati"}
    assert {e.link for e in feed.entries} == wpmati


def test_no_date_article_carries_no_date_anywhere(site: SampleSite) -> None:
    case = site.broken_cases["no_date"]
    page = fetch(case["url"])
    assert page.status == 200
    for marker in ("published_time", "datePublished", "<time", "datetime=", "post-date", "read__time"):
        assert marker not in page.text, marker
    outlet = case["source"]
    if outlet == "wartatimur":
        news = fetch(site.base_urls[outlet] + "/sitemap-news.xml").text
        entry = news.split(case["url"])[1].split("</url>")[0]
        assert "publication_date" not in entry
    else:
        feed = feedparser.parse(
            fetch(next(s for s in site.sources() if s["name"] == outlet)["feed_url"]).body
        )
        assert "published" not in next(e for e in feed.entries if clean(e.link) == case["url"])


def test_flaky_page_fails_once_then_serves_the_article() -> None:
    with SampleSite(ARTICLES) as fresh:
        url = fresh.broken_cases["flaky_500"]["url"]
        assert fetch(url).status == 500
        second = fetch(url)
        assert second.status == 200 and second.tree().xpath("//h1")
        assert fresh.broken_cases["flaky_500"]["expect"] == "article"


def test_slow_page_outlasts_a_short_client_timeout() -> None:
    with SampleSite(ARTICLES, slow_seconds=30) as slow:
        with pytest.raises((TimeoutError, urllib.error.URLError)):
            fetch(slow.broken_cases["timeout"]["url"], timeout=0.5)
        assert slow.broken_cases["timeout"]["expect"] == "timeout"


def test_missing_articles_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        SampleSite(tmp_path / "nothing")


# --- scale ------------------------------------------------------------------------------------------------


def test_generated_articles_are_deterministic_and_well_formed() -> None:
    articles = generate_articles(2000)
    assert len(articles) == 2000 and len({a["id"] for a in articles}) == 2000
    assert articles == generate_articles(2000)
    assert {a["outlet"] for a in articles} == {"mediacenter", "kabarnusantara", "wartatimur"}
    for article in articles[:200]:
        day = datetime.strptime(article["published"], "%Y-%m-%d %H:%M")
        if article["outlet"] != "kabarnusantara":
            assert f"{DAYS[day.weekday()]} ({day.day}/{day.month}/{day.year})" in article["paragraphs"][0]
        assert article["themes"] == [] or article["conflict"]
        assert "{" not in " ".join(article["paragraphs"]) + article["title"]


def test_scaled_site_lists_every_article() -> None:
    with SampleSite(ARTICLES, scale=300, broken=False) as big:
        assert set(big.base_urls) == {"mediacenter", "kabarnusantara", "wartatimur"}
        assert len(big.articles) == len(yaml_articles()) + 300
        wp = fetch(big.base_urls["mediacenter"] + "/wp-json/wp/v2/posts?per_page=50")
        assert int(wp.headers["X-WP-Total"]) == len(outlet_articles(big, "mediacenter"))
        assert int(wp.headers["X-WP-TotalPages"]) > 1
        feed = feedparser.parse(fetch(big.base_urls["kabarnusantara"] + "/rss.xml").body)
        assert len(feed.entries) == len(outlet_articles(big, "kabarnusantara"))
        assert len(listed_urls(big, "wartatimur")) == len(outlet_articles(big, "wartatimur"))
        portal = [fetch(a["url"]).text for a in outlet_articles(big, "kabarnusantara")[:12]]
        assert any("article:published_time" not in p for p in portal)
        assert any("article:published_time" in p for p in portal)


def yaml_articles() -> list[dict[str, Any]]:
    return [a for path in sorted(ARTICLES.glob("*.yaml")) for a in yaml.safe_load(path.read_text()) or []]


def test_module_serves_until_interrupted_and_writes_sources(tmp_path: Path) -> None:
    out = tmp_path / "sources.yaml"
    command = [
        sys.executable,
        "-m",
        "crawler.samplesite",
        "--sources-out",
        str(out),
        "--articles",
        str(ARTICLES),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    try:
        lines = []
        while not lines or not lines[-1].startswith("Serving"):
            lines.append(process.stdout.readline() if process.stdout else "")
            assert lines[-1], "the server exited early"
        assert any(line.startswith("mediacenter") and "http://127.0.0.1:" in line for line in lines)
        names = [s["name"] for s in yaml.safe_load(out.read_text(encoding="utf-8"))]
        assert "wartatimur" in names
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert process.returncode == 0
