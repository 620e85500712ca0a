"""The headline as displayed: the <h1> matching the page's own title, or that title minus the site name."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import lxml.html
import tldextract

from crawler.clean import normalize_space

# " - ", " | ", " :: ", " : " between headline and site name, or "Site.com: " before it.
SEPARATOR = re.compile(r"(\s+(?:[-–—|»·]|::?)\s+|\s*::\s*|(?<=\S):\s+)")
MIN_KEY = 4  # shorter names ("id", "tv") would match inside ordinary words
SITE_NAME_SLACK = 8  # characters a site's name may carry beyond its key ("online", "news", ".co.id")
HEADLINE_SHARE = 0.5  # an <h1> inside the page title must cover at least this much of the stripped title
# An element named like a headline ("judul-berita", "news-title") on a page marking none: old CMSes.
NAMED_HEADLINE = (
    "//*[not(self::title or self::meta or self::a or ancestor::a or ancestor::li or ancestor::nav)]"
    "[re:test(concat(@class, ' ', @id), 'judul|title|headline', 'i')]"
)
REGEX_NS = {"re": "http://exslt.org/regular-expressions"}
NAMED_WORDS = (3, 30)  # words of a headline
LEAD_SHARED = 2  # words of the named headline (4 letters or more) the article's first paragraph must repeat
_domains = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled list: never the network


def squash(text: str) -> str:
    """Lowercase letters and digits only: "ANTARA News" and "antaranews.com" meet as "antaranews"."""
    return re.sub(r"[\W_]+", "", text.lower())


@functools.lru_cache(maxsize=1024)
def domain_label(host: str) -> str:
    """The registrable domain's label, squashed: "lifestyle.okezone.com" → "okezone"."""
    return squash(_domains(host).domain)


def site_keys(site_names: Iterable[str | None], urls: Iterable[str | None]) -> set[str]:
    """The squashed site names and registrable domain labels of the page (kompas, antaranews, ihram)."""
    keys = {squash(name) for name in site_names if name}
    for url in urls:
        host = urlsplit(url or "").hostname
        if host:
            keys.add(domain_label(host))
    return {key for key in keys if len(key) >= MIN_KEY}


def is_site_part(part: str, keys: set[str]) -> bool:
    """A title part naming the site: it contains a site key ("Kompas.com Regional", "Okezone Celebrity")."""
    flat = squash(part)
    return bool(flat) and any(key in flat or (flat in key and len(flat) >= MIN_KEY) for key in keys)


def strip_site(title: str, keys: set[str]) -> str:
    """The title without leading and trailing parts that name the site."""
    pieces = SEPARATOR.split(normalize_space(title))
    parts, separators = pieces[0::2], pieces[1::2]
    start, end = 0, len(parts)
    while end - start > 1 and is_site_part(parts[end - 1], keys):
        end -= 1
    while end - start > 1 and is_site_part(parts[start], keys):
        start += 1
    kept = [parts[start]]
    for index in range(start + 1, end):
        kept += [separators[index - 1], parts[index]]
    return "".join(kept).strip()


def names_site(text: str, keys: set[str]) -> bool:
    """A text that is the site's name and little more ("Kabar Sambas", "KABARSAMBAS.ID"): a headline that
    merely mentions the outlet is longer."""
    flat = squash(text)
    return any(key in flat and len(flat) <= len(key) + SITE_NAME_SLACK for key in keys) or any(
        flat in key and len(flat) >= MIN_KEY for key in keys
    )


def is_site_name(title: str, keys: set[str]) -> bool:
    """A title that names only the site: og:title "Kabar Sambas" on every page of a misconfigured site."""
    return names_site(strip_site(title, keys), keys)


def end_pieces(title: str) -> list[str]:
    """The title without separator-delimited parts at its end, then at its start; longest first.

    The headline usually leads ("Banjir di Desa - Kabarku"), so a heading equal to a leading piece wins
    over one equal to a trailing piece (which may be the site's logo in an <h1>).
    """
    pieces = SEPARATOR.split(normalize_space(title))
    last = len(pieces)
    leading = ["".join(pieces[:end]).strip() for end in range(last - 2, 0, -2)]
    trailing = ["".join(pieces[start:]).strip() for start in range(2, last, 2)]
    return leading + trailing


def headings(tree: lxml.html.HtmlElement) -> list[str]:
    """Texts of the page's <h1> elements, and of elements marked as the headline."""
    nodes = tree.xpath("//h1 | //*[@itemprop='headline'][not(self::meta)]")
    return [text for text in (normalize_space(node.text_content()) for node in nodes) if text]


def headline(
    tree: lxml.html.HtmlElement, meta_titles: list[str | None], keys: set[str], shown: list[str] | None = None
) -> str | None:
    """The displayed headline: an <h1> agreeing with the meta title, else that title minus the site name.
    `shown`: the page's headings when already read; the site's logo among them is never the headline."""
    titles = [normalize_space(t) for t in meta_titles if t and t.strip() and not is_site_name(t, keys)]
    stripped = [strip_site(title, keys) for title in titles]
    shown = [text for text in (headings(tree) if shown is None else shown) if not names_site(text, keys)]
    for wanted in stripped:
        for text in shown:
            if text.casefold() == wanted.casefold():
                return text
    folded = {text.casefold(): text for text in shown}
    for title in titles:
        for piece in end_pieces(title):
            if piece.casefold() in folded:
                return folded[piece.casefold()]  # the title is this heading plus a site or section part
    for wanted, title in zip(stripped, titles, strict=True):
        inside = [t for t in shown if squash(t) in squash(title) and len(t) >= HEADLINE_SHARE * len(wanted)]
        if inside:
            return max(inside, key=len)
    return stripped[0] if stripped else (shown[0] if shown else None)


def named_headline(tree: lxml.html.HtmlElement, lead: str) -> str | None:
    """On a page with no <h1>, og:title or JSON-LD headline: the element named like a headline whose words
    the article's first paragraph repeats most (a sidebar's "Berita Terpopuler" repeats none)."""
    lead_words = set(re.findall(r"\w{4,}", lead.casefold()))
    best, best_shared = None, LEAD_SHARED - 1
    for node in tree.xpath(NAMED_HEADLINE, namespaces=REGEX_NS):
        text = normalize_space(node.text_content())
        if not NAMED_WORDS[0] <= len(text.split()) <= NAMED_WORDS[1]:
            continue
        shared = len(set(re.findall(r"\w{4,}", text.casefold())) & lead_words)
        if shared > best_shared:
            best, best_shared = text, shared
    return best
