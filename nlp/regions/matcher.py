"""Region mentions: a spaCy component that finds gazetteer names, with every region each may denote."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from nlp.regions.gazetteer import SOURCE_RANK, Candidate, Gazetteer, load

COMPONENT = "waspada_regions"

MAX_DISTRICT_READINGS = 3
ROUTE_DASHES = frozenset("-–—")
WORD = re.compile(r"[^\W\d_]+")
SENTENCE_END = frozenset('.!?"“”:;|–—-()[]')

if not Doc.has_extension("regions"):
    Doc.set_extension("regions", default=None)


@dataclass
class Mention:
    """One region name found in a text, with every region it may denote."""

    start: int  # character offsets in the doc text
    end: int
    text: str
    codes: tuple[str, ...]
    source: str  # the strongest source among the candidates (see gazetteer.SOURCE_RANK)
    form: str  # bare | kab | kota | agency | province | district | place_context | not_a_place
    token: int  # index of its first token
    reliable_case: bool  # capitalised where capitals mean a name (not sentence-initial, not all caps)
    joined: bool  # followed by another capitalised word ("Bima Arya"): maybe part of a person's name
    common: bool  # the name is also an ordinary word
    weak: bool  # the name is often used for something other than the region ("Jakarta")
    provinces: frozenset[str] = frozenset()  # provinces of the candidates
    units: frozenset[str] = frozenset()  # provinces or regencies the candidates count for
    code: str | None = None  # the reading the resolver chose
    address: bool = False  # ends an address chain ("Desa A, Kecamatan B, Kabupaten C"): the scene
    route: bool = False  # one end of "Jakarta-Surabaya", "jalur Bukittinggi-Medan": a route, not a scene
    zone: str = "body"


def text_offset(title_chars: int) -> int:
    """Where the body starts in the combined doc text title + "\\n\\n" + text."""
    return title_chars + 2 if title_chars else 0


def mention_dict(mention: Mention, title_chars: int = 0) -> dict[str, Any]:
    """A mention with offsets relative to its own field (title or text)."""
    region = load().region(mention.code)
    in_title = mention.start < title_chars
    shift = 0 if in_title else text_offset(title_chars)
    return {
        "start": mention.start - shift,
        "end": mention.end - shift,
        "text": mention.text,
        "code": mention.code,
        "level": region.level if region else None,
        "field": "title" if in_title else "text",
    }


def compose(title: str | None, text: str | None) -> tuple[str, int]:
    """The text one doc is made of (title, blank line, body) and the title's length."""
    title = (title or "").strip()
    text = text or ""
    if not title:
        return text, 0
    return f"{title}\n\n{text}", len(title)


class RegionMatcher:
    """Finds region names (gazetteer patterns) and stores them as `doc._.regions`."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        keys = sorted(self.gazetteer.forms)
        for key in keys:
            words = [t.text for t in nlp.tokenizer(key)]
            self.matcher.add(key, [Doc(nlp.vocab, words=words)])
        # 13,000 names left in the tokenizer's cache make every later text ~50 times slower (measured,
        # spaCy 3.8); emptying the cache is cheaper than a second tokenizer (about 1.2 s to build).
        nlp.tokenizer._flush_cache()
        self.strings = nlp.vocab.strings
        self._readings: dict[tuple[str, str | None], Reading | None] = {}

    def __call__(self, doc: Doc) -> Doc:
        spans = self.matcher(doc, as_spans=True)
        mentions = []
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            mention = self._mention(doc, span)
            if mention is not None:
                mentions.append(mention)
        mentions = _without_office_words(doc, mentions, self.gazetteer.offices)
        _mark_routes(doc, mentions)
        _one_sense(mentions)
        doc._.regions = mentions
        return doc

    def _mention(self, doc: Doc, span: Span) -> Mention | None:
        text = span.text
        if not _capitalised(text):
            return None
        previous = _previous_tokens(doc, span.start, 3)
        prefix = _prefix(previous, self.gazetteer.prefixes)
        if prefix == "not_a_place":
            return None
        reading = self._reading(self.strings[span.label], prefix)
        if reading is None:
            return None
        joined = _joined(doc, span.end)
        return Mention(
            start=span.start_char,
            end=span.end_char,
            text=text,
            codes=reading.codes,
            source=reading.source,
            form=reading.form,
            token=span.start,
            reliable_case=_reliable_case(text, previous, joined),
            joined=joined,
            common=reading.common,
            weak=reading.weak,
            provinces=reading.provinces,
            units=reading.units,
        )

    def _reading(self, key: str, prefix: str | None) -> Reading | None:
        """What a surface form after a given prefix may denote (cached: the same few recur)."""
        if (key, prefix) not in self._readings:
            self._readings[(key, prefix)] = make_reading(self.gazetteer, key, prefix)
        return self._readings[(key, prefix)]


def _without_office_words(doc: Doc, mentions: list[Mention], offices: frozenset[str]) -> list[Mention]:
    """The mentions less a name that ends an office's name (gazetteer.offices) and stands right before
    another place: in "Polres Metro Depok" Metro belongs to the police's name and Depok is the place."""
    kept = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        previous = _previous_tokens(doc, mention.token, 1)
        phrase = f"{previous[0].lower_} {mention.text.lower()}" if previous else ""
        if not (phrase in offices and following is not None and following.start - mention.end <= 1):
            kept.append(mention)
    return kept


def _mark_routes(doc: Doc, mentions: list[Mention]) -> None:
    """Names joined by a bare dash ("rute Jakarta-Padang", "Kendari-Kolaka") are the ends of a route."""
    for before, after in zip(mentions, mentions[1:], strict=False):
        if after.start - before.end == 1 and doc[after.token - 1].text in ROUTE_DASHES:
            before.route = after.route = True


def _one_sense(mentions: list[Mention]) -> None:
    """A name the text calls a kecamatan ("Kapanewon Depok") is that kecamatan wherever it stands bare."""
    districts = {m.text.lower(): m for m in mentions if m.form == "district"}
    for mention in mentions:
        named = districts.get(mention.text.lower())
        if named is not None and mention.form == "bare":
            mention.codes, mention.source = named.codes, named.source
            mention.provinces, mention.units = named.provinces, named.units


@dataclass(frozen=True)
class Reading:
    """The candidate regions of a surface form in one context, with what they imply."""

    codes: tuple[str, ...]
    source: str
    form: str
    common: bool
    weak: bool
    provinces: frozenset[str]
    units: frozenset[str]


def make_reading(gazetteer: Gazetteer, key: str, prefix: str | None) -> Reading | None:
    """Filter a form's candidates by the word before it ("Kabupaten", "Kota", "Provinsi", ...)."""
    if not gazetteer.forms[key]:
        return None  # an idiom ("dari Sabang sampai Merauke"): the country, not a place
    candidates = _filter(gazetteer, gazetteer.forms[key], prefix)
    if not candidates:
        return None
    codes = tuple(dict.fromkeys(c.code for c in candidates))
    if prefix == "province":
        codes = codes[:1]  # "Provinsi Papua" is today's Papua, not a province split off it
    units = frozenset(unit_of(gazetteer, c) for c in codes)
    if len(units) > MAX_DISTRICT_READINGS and all(c.source.startswith("district") for c in candidates):
        return None  # a kecamatan name shared by many regencies says nothing
    source = min((c.source for c in candidates), key=SOURCE_RANK.__getitem__)
    return Reading(
        codes=codes,
        source="district" if source == "district_named" else source,
        form={"regency_kab": "kab", "regency_kota": "kota", "regency_agency": "agency"}.get(
            prefix or "", prefix or "bare"
        ),
        common=key in gazetteer.common,
        weak=key in gazetteer.weak,
        provinces=frozenset(gazetteer.regions[c].province for c in codes),
        units=units,
    )


def _capitalised(text: str) -> bool:
    words = WORD.findall(text)
    return bool(words) and all(w[0].isupper() for w in words)


def _reliable_case(text: str, previous: list[Token], joined: bool) -> bool:
    """A capital letter that marks a name: not all caps, not sentence-initial, not a person's first name."""
    if (text.isupper() and len(text) > 3) or joined:
        return False
    return bool(previous) and previous[0].text not in SENTENCE_END and "\n" not in previous[0].text


def _joined(doc: Doc, end: int) -> bool:
    """Followed directly by a capitalised word: "Bima Arya", "Batu Bara Group" (not a region)."""
    if end >= len(doc):
        return False
    following = doc[end]
    return following.is_alpha and following.text[0].isupper()


def _previous_tokens(doc: Doc, index: int, count: int) -> list[Token]:
    found: list[Token] = []
    i = index - 1
    while i >= 0 and len(found) < count:
        token = doc[i]
        if "\n" in token.text:
            break
        if not token.is_space:
            found.append(token)
        i -= 1
    return found


def _prefix(tokens: list[Token], prefixes: dict[str, frozenset[str]]) -> str | None:
    words = [t.lower_ for t in tokens]
    if words and words[0] == "." and len(words) > 1:
        words = [words[1] + "."] + words[2:]
    options = []
    if len(words) >= 2:
        options.append(f"{words[1]} {words[0]}")
    if words:
        options.append(words[0])
    for option in options:
        for kind, values in prefixes.items():
            if option in values:
                return kind
    return None


def _filter(gazetteer: Gazetteer, candidates: list[Candidate], prefix: str | None) -> list[Candidate]:
    regions = gazetteer.regions

    def keep(test: Any) -> list[Candidate]:
        return [c for c in candidates if test(c, regions[c.code])]

    chosen: list[Candidate] = []
    if prefix == "province":
        chosen = keep(lambda c, r: r.level == "province")
    elif prefix in ("regency_kab", "regency_agency"):
        chosen = keep(lambda c, r: r.kind == "kabupaten" and c.source in ("regency", "alias"))
    elif prefix == "regency_kota":
        chosen = keep(lambda c, r: r.kind == "kota" and c.source in ("regency", "alias"))
        chosen = chosen or keep(lambda c, r: c.source in ("town", "capital"))
    elif prefix == "district":
        chosen = keep(lambda c, r: c.source in ("district", "district_named"))
    elif prefix == "village":
        # the kecamatan or town a village may be named after; a kabupaten's or province's name, never
        return keep(lambda c, r: c.source in ("district", "town", "capital"))
    if chosen:
        return chosen
    candidates = [c for c in candidates if c.source != "district_named"]
    if not candidates:
        return []
    best = min(SOURCE_RANK[c.source] for c in candidates)
    return [c for c in candidates if SOURCE_RANK[c.source] == best]


@Language.factory(COMPONENT)
def make_region_matcher(nlp: Language, name: str) -> RegionMatcher:
    """spaCy factory for the region matcher."""
    return RegionMatcher(nlp)


def unit_of(gazetteer: Gazetteer, code: str) -> str:
    """The province or regency a candidate counts for (a kecamatan counts for its regency)."""
    region = gazetteer.regions[code]
    return region.code if region.level == "province" else region.code[:5]
