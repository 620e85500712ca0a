"""URL normalisation: one key per article, whatever tracking, AMP or scheme variant we saw."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(r"^(utm_\w*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref_src)$", re.I)
AMP_PARAMS = {"amp", "outputtype"}
AMP_SEGMENT = re.compile(r"/amp(?=/|$)", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_local(host: str) -> bool:
    """True for IP addresses and localhost, where https is not assumed."""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _netloc(scheme: str, host: str, port: int | None) -> str:
    if port is None or DEFAULT_PORTS.get(scheme) == port:
        return host
    return f"{host}:{port}"


def strip_amp_path(path: str) -> str:
    """Remove an `/amp/` segment or a trailing `/amp` from a path."""
    return AMP_SEGMENT.sub("", path) or "/"


def clean_query(query: str) -> str:
    """The query without tracking and AMP parameters, sorted."""
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(key) and key.lower() not in AMP_PARAMS
    ]
    return urlencode(sorted(pairs))


@lru_cache(maxsize=65536)
def normalize(url: str) -> str:
    """The comparison key of a URL: https, no www., no tracking or AMP variants, no trailing slash.

    `?p=ID` stays (it is resolved through the page's canonical link, not here).
    """
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    if scheme == "http" and not _is_local(host):
        scheme = "https"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and DEFAULT_PORTS.get(parts.scheme.lower()) == port:
        port = None
    path = strip_amp_path(re.sub(r"/{2,}", "/", parts.path or "/"))
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, _netloc(scheme, host, port), path, clean_query(parts.query), ""))


def host_of(url: str) -> str:
    """The URL's host without a leading www."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def without_fragment(url: str) -> str:
    """The URL as seen, minus its #fragment."""
    return urlsplit(url.strip())._replace(fragment="").geturl()


def keys(*urls: str | None) -> list[str]:
    """Every form under which these URLs are remembered: as seen and normalised, in order, unique."""
    found: list[str] = []
    for url in urls:
        if not url or not url.lower().startswith(("http://", "https://")):
            continue
        for form in (without_fragment(url), normalize(url)):
            if form not in found:
                found.append(form)
    return found


def is_amp(url: str) -> bool:
    """True when the URL is an AMP variant."""
    parts = urlsplit(url)
    query = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return bool(AMP_SEGMENT.search(parts.path)) or "amp" in query
