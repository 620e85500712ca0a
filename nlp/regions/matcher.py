"""Region mentions (a spaCy component on gazetteer patterns) and the resolver that picks the primary place."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from nlp.regions.gazetteer import SOURCE_RANK, Candidate, Gazetteer, Region, load

COMPONENT = "waspada_regions"

# Evidence weights: where a mention stands, what kind of name it is, and how it is written.
ZONE_WEIGHT = {"dateline": 4.0, "title": 3.0, "lead": 2.0, "body": 1.0}
SOURCE_WEIGHT = {"province": 1.0, "regency": 1.0, "alias": 1.0, "town": 0.8, "capital": 0.8, "district": 0.3}
EXPLICIT_BONUS = 2.0
WEAK_FACTOR = 0.3
DESTINATION_FACTOR = 0.5
AGENCY_FACTOR = 0.6  # "Polres X", "Basarnas X": an office named after a place, often not the scene
PRIOR_WEIGHT = 1.5
ADDRESS_BONUS = 1.5  # the end of "Desa A, Kecamatan B, Kabupaten C" names where it happened
ADDRESS_TOKENS = 15
ADDRESS_WORDS = frozenset(
    [
        "desa",
        "kelurahan",
        "kecamatan",
        "kampung",
        "dusun",
        "jorong",
        "nagari",
        "gampong",
        "distrik",
        "kel",
        "kec",
        "ds",
        "rt",
        "rw",
    ]
)
PREFIX_WORDS = frozenset(["kabupaten", "kab", "kota", ".", "administrasi"])
CAPITAL_DATELINE = 0.375  # a capital dateline counts half a title: reporters file from there about elsewhere
PROVINCE_LEVEL = 2.0  # province-level mentions this many times the best regency: a province-wide story
SCATTERED_SHARE = 0.5  # best province below this share of the evidence, with 3+ provinces: national...
CLEAR_LEAD = 1.5  # ...unless the best province has this many times the evidence of the next
MIN_PROVINCE = 1.0
MAX_DISTRICT_READINGS = 3
MIN_REGENCY = 1.0
LEAD_CHARS = 300
DATELINE_CHARS = 120
DATELINE_SEPARATOR = re.compile(r"\s[–—-]{1,2}|[–—~|_:]|//|-(?=[A-Za-z/])|(?<=[A-Z])-")
DATELINE_DATE = re.compile(
    r",\s*(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|\d{1,2}\s)", re.IGNORECASE
)
# "SURYAMALANG.COM | CIREBON -", "DIALEKSIS.COM | Jakarta -": a web outlet's name before the dateline proper.
OUTLET_PREFIX = re.compile(
    r"^\s*[\w.-]+\.(?:com|co\.id|id|net|org|co)(?:\s*(?:\|\|?|[–—-]{1,2}|,))+\s*", re.I
)
ROUTE_DASHES = frozenset("-–—")
# A crowd at the governor's office or the provincial parliament: the event happens in the capital.
PROVINCIAL_SEAT = re.compile(
    r"\b(?:kantor|gedung|halaman|depan)\s+(?:gubernur|dprd\s+prov)|\bdprd\)?\s+provinsi|\b(?:dpra|dprp)\b",
    re.I,
)
PROTEST = re.compile(
    r"\b(?:demo|demonstrasi|berdemo|mendemo|unjuk\s+rasa|berunjuk\s+rasa|(?:meng)?geruduk|long\s+march)\b",
    re.I,
)
SEAT_BONUS = 3.0  # as much as a title mention of the capital
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


@dataclass
class Placement:
    """The primary place of a text, with the evidence behind it."""

    province: Region | None
    regency: Region | None
    confidence: float
    reason: str  # dateline | explicit | majority | source_default | none
    mentions: list[Mention] = field(default_factory=list)

    def as_dict(self, title_chars: int = 0) -> dict[str, Any]:
        """JSON-ready: {"province": {"code","name"}|None, "regency": ..., "regions": [...], ...}."""
        return {
            "province": _named(self.province),
            "regency": _named(self.regency),
            "confidence": self.confidence,
            "reason": self.reason,
            "regions": [mention_dict(m, title_chars) for m in self.mentions],
        }


def _named(region: Region | None) -> dict[str, str] | None:
    return {"code": region.code, "name": region.name} if region else None


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
        _mark_routes(doc, mentions)
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


def _mark_routes(doc: Doc, mentions: list[Mention]) -> None:
    """Names joined by a bare dash ("rute Jakarta-Padang", "Kendari-Kolaka") are the ends of a route."""
    for before, after in zip(mentions, mentions[1:], strict=False):
        if after.start - before.end == 1 and doc[after.token - 1].text in ROUTE_DASHES:
            before.route = after.route = True


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
    if len(units) > MAX_DISTRICT_READINGS and all(c.source == "district" for c in candidates):
        return None  # a kecamatan name shared by many regencies says nothing
    return Reading(
        codes=codes,
        source=min((c.source for c in candidates), key=SOURCE_RANK.__getitem__),
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
        chosen = keep(lambda c, r: c.source == "district")
    if chosen:
        return chosen
    best = min(SOURCE_RANK[c.source] for c in candidates)
    return [c for c in candidates if SOURCE_RANK[c.source] == best]


@Language.factory(COMPONENT)
def make_region_matcher(nlp: Language, name: str) -> RegionMatcher:
    """spaCy factory for the region matcher."""
    return RegionMatcher(nlp)


# ---------------------------------------------------------------- the resolver


def unit_of(gazetteer: Gazetteer, code: str) -> str:
    """The province or regency a candidate counts for (a kecamatan counts for its regency)."""
    region = gazetteer.regions[code]
    return region.code if region.level == "province" else region.code[:5]


def dateline_end(text: str, offset: int = 0) -> int:
    """End (offset in `text`) of the dateline at `offset` ("BANJARMASIN –", "Palu, Kamis (...)")."""
    head = text[offset : offset + DATELINE_CHARS]
    first_line = head.split("\n", 1)[0]
    outlet = OUTLET_PREFIX.match(first_line)
    skip = outlet.end() if outlet else 0
    first_line = first_line[skip:]
    match = DATELINE_SEPARATOR.search(first_line)
    date = DATELINE_DATE.search(first_line)
    ends = []
    if match and len(first_line[: match.start()].split()) <= 6:
        ends.append(match.start())
    if date and len(first_line[: date.start()].split()) <= 3:
        ends.append(date.start())
    return offset + skip + min(ends) if ends else offset


def _zone(mention: Mention, title_chars: int, dateline: int, lead: int) -> str:
    if mention.start < title_chars:
        return "title"
    if mention.start < dateline:
        return "dateline"
    return "lead" if mention.start < lead else "body"


def _weight(mention: Mention, ncodes: int) -> float:
    weight = ZONE_WEIGHT[mention.zone] * SOURCE_WEIGHT[mention.source]
    code = mention.code or (mention.codes[0] if len(mention.codes) == 1 else None)
    if mention.zone == "dateline" and (mention.weak or code in load().capitals):
        weight *= CAPITAL_DATELINE  # reporters file from the provincial capital about elsewhere
    if mention.form in ("kab", "kota"):
        weight *= EXPLICIT_BONUS
    if mention.form == "district":
        weight *= 2
    if mention.source == "district" and ncodes > 1:
        weight /= ncodes**0.5
    if mention.weak:
        weight *= WEAK_FACTOR
    if mention.form == "destination" or mention.route:
        weight *= DESTINATION_FACTOR
    if mention.form == "agency":
        weight *= AGENCY_FACTOR
    if mention.address:
        weight *= ADDRESS_BONUS
    return weight


def _in_address(doc: Doc, index: int) -> bool:
    """Whether the name at token `index` closes an address chain: "..., Kecamatan Woha, [Bima]"."""
    i = index - 1
    while i >= 0 and doc[i].lower_ in PREFIX_WORDS:
        i -= 1
    if i < 0 or doc[i].text != ",":
        return False
    for token in doc[max(0, i - ADDRESS_TOKENS) : i]:
        if token.lower_ in ADDRESS_WORDS:
            return True
        if token.is_sent_end or "\n" in token.text:
            return False
    return False


def _title_words(doc: Doc, title_chars: int) -> list[str]:
    words = []
    for token in doc:
        if token.idx >= title_chars:
            break
        words.append(token.text)
    return words


def _title_case(words: list[str]) -> bool:
    """Whether a title capitalises most of its words (so a capital letter there proves nothing)."""
    long_words = [w for w in words if w.isalpha() and len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.6


def _window(doc: Doc, start: int, length: int) -> str:
    """The text of the doc from character `start` for about `length` characters (no full doc.text)."""
    parts = []
    for token in doc:
        if token.idx >= start + length:
            break
        if token.idx >= start:
            parts.append(token.text_with_ws)
    return "".join(parts)


def _usable(mentions: list[Mention], gazetteer: Gazetteer, title_case: bool) -> list[Mention]:
    """Drop ordinary-word names whose capital letter proves nothing, unless other mentions back them."""

    starts = {m.start for m in mentions}
    persons = {
        m.text.lower()
        for m in mentions
        if m.common
        and m.joined
        and m.form == "bare"
        and m.zone in ("lead", "body")
        and m.end + 1 not in starts
    }

    def doubtful(m: Mention) -> bool:
        if m.form != "bare" or m.zone == "dateline":
            return False
        if m.text.lower() in persons:
            return True
        weak_name = m.common or m.source == "district"
        return weak_name and ((m.zone == "title" and title_case) or not m.reliable_case)

    sure = [m for m in mentions if not doubtful(m)]
    backed = {p for m in sure for p in m.provinces}
    out = []
    for m in mentions:
        if doubtful(m):
            codes = tuple(c for c in m.codes if gazetteer.regions[c].province in backed)
            if not codes:
                continue
            if codes != m.codes:
                m.codes = codes
                m.provinces = frozenset(gazetteer.regions[c].province for c in codes)
                m.units = frozenset(unit_of(gazetteer, c) for c in codes)
        out.append(m)
    return out


def _support(mentions: list[Mention], gazetteer: Gazetteer, prior: str | None) -> tuple[Counter, Counter]:
    provinces: Counter = Counter()
    units: Counter = Counter()
    for m in mentions:
        w = _weight(m, len(m.codes))
        if len(m.provinces) == 1:
            provinces[next(iter(m.provinces))] += w
        if len(m.units) == 1:
            units[next(iter(m.units))] += w
    if prior:
        provinces[prior] += PRIOR_WEIGHT
    return provinces, units


def _choose(m: Mention, gazetteer: Gazetteer, provinces: Counter, units: Counter) -> str:
    regions = gazetteer.regions

    def score(code: str) -> tuple:
        region = regions[code]
        unit = unit_of(gazetteer, code)
        province_first = region.level == "province" and m.form == "province"
        own = units[unit] * 2 if region.level != "province" else 0.0
        return (
            own + provinces[region.province],
            province_first,
            region.kind == "kota",
            -SOURCE_RANK["district" if region.level == "district" else "regency"],
        )

    return max(m.codes, key=score)


def resolve(
    doc: Doc, title_chars: int = 0, default_province: str | None = None, text: str | None = None
) -> Placement:
    """The primary province and regency of a doc made by `compose`, with confidence and reason.

    `text` is the doc's text when the caller has it (saves rebuilding the head of it from tokens).
    """
    gazetteer = load()
    mentions: list[Mention] = list(doc._.regions or [])
    start = text_offset(title_chars)
    head = text[start : start + DATELINE_CHARS] if text is not None else _window(doc, start, DATELINE_CHARS)
    dateline = start + dateline_end(head)
    title_case = _title_case(
        text[:title_chars].split() if text is not None else _title_words(doc, title_chars)
    )
    for m in mentions:
        m.zone = _zone(m, title_chars, dateline, max(dateline, start) + LEAD_CHARS)
        m.address = _in_address(doc, m.token)
    prior = default_province if default_province in gazetteer.regions else None
    if any(m.zone == "dateline" and prior not in m.provinces for m in mentions):
        prior = None  # filed from another province ("JAKARTA, KABARNUSANTARA –"): the home is no guide
    used = _usable(mentions, gazetteer, title_case)
    provinces, units = _support(used, gazetteer, prior)
    for m in used:
        m.code = m.codes[0] if len(m.codes) == 1 else _choose(m, gazetteer, provinces, units)
    used_ids = {id(m) for m in used}
    for m in mentions:
        if id(m) not in used_ids:
            m.code = m.codes[0] if len(m.codes) == 1 else None
    reach = start + DATELINE_CHARS + LEAD_CHARS
    lead = text[:reach] if text is not None else _window(doc, 0, reach)
    seat = bool(PROVINCIAL_SEAT.search(lead) and PROTEST.search(lead))
    return _decide(used, gazetteer, prior, mentions, doc[-1].idx if len(doc) else 0, seat)


@dataclass
class Evidence:
    """Weighted support for each province and regency, and where in the text each was named."""

    provinces: Counter = field(default_factory=Counter)
    province_level: Counter = field(default_factory=Counter)  # from province names themselves
    regencies: dict[str, Counter] = field(default_factory=dict)  # province -> regency -> score
    zones: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # unit -> zones
    explicit: Counter = field(default_factory=Counter)  # regency -> "Kabupaten X"/"Kota X" mentions
    counts: Counter = field(default_factory=Counter)  # province -> mentions
    headline: set[str] = field(default_factory=set)  # provinces in title, dateline or explicit forms
    filed: set[str] = field(default_factory=set)  # provinces of a dateline that is not a national seat
    official: set[str] = field(default_factory=set)  # provinces named as "Provinsi X"/"Pemprov X" up front
    title_scene: set[str] = field(default_factory=set)  # provinces the title calls the scene ("di Jatim")
    long_text: bool = False  # longer than a lead: a single passing mention there is weak evidence

    def prominent(self, regency: str) -> bool:
        """Named in the title, dateline or lead, or at least twice as "Kabupaten X"/"Kota X"."""
        return bool(self.zones[regency] - {"body"}) or self.explicit[regency] >= 2


def _evidence(used: list[Mention], gazetteer: Gazetteer, prior: str | None) -> Evidence:
    evidence = Evidence()
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for m in used:
        region = gazetteer.regions[m.code]
        w = _weight(m, len(m.codes))
        evidence.provinces[region.province] += w
        evidence.counts[region.province] += 1
        if (
            m.zone in ("title", "dateline")
            or m.form in ("kab", "kota", "province")
            or (m.form == "place_context" and m.zone == "lead")
        ):
            evidence.headline.add(region.province)
        if m.zone == "dateline" and not m.weak:
            evidence.filed.add(region.province)
        unit = unit_of(gazetteer, m.code)
        evidence.zones[unit].add(m.zone)
        if region.level == "province":
            evidence.province_level[region.province] += w
            if m.zone == "title" and m.form == "place_context":
                evidence.title_scene.add(region.province)
            if m.zone in ("title", "lead") and m.form == "province":
                evidence.official.add(region.province)
            continue
        scores[region.province][unit].append(w)
        evidence.explicit[unit] += m.form in ("kab", "kota")
    if prior:
        evidence.provinces[prior] += PRIOR_WEIGHT
    evidence.regencies = {p: Counter({u: sum(ws) for u, ws in units.items()}) for p, units in scores.items()}
    return evidence


def _decide(
    used: list[Mention],
    gazetteer: Gazetteer,
    prior: str | None,
    mentions: list[Mention],
    length: int,
    seat: bool = False,
) -> Placement:
    evidence = _evidence(used, gazetteer, prior)
    evidence.long_text = length > 2 * LEAD_CHARS
    province = _pick_province(evidence, prior)
    if province is None:
        return Placement(None, None, 0.0, "none", mentions)
    if seat:
        _protest_at_seat(evidence, province, gazetteer.capitals)
    regencies = evidence.regencies.get(province, Counter())
    regency = _pick_regency(evidence, province, gazetteer.capitals)
    confidence = _confidence(evidence.provinces, regencies, province, regency)
    reason = _reason(used, gazetteer, province, regency, prior)
    return Placement(gazetteer.region(province), gazetteer.region(regency), confidence, reason, mentions)


def _protest_at_seat(evidence: Evidence, province: str, capitals: frozenset[str]) -> None:
    """A demonstration at the governor's office or the provincial DPRD takes place in the capital."""
    scores = evidence.regencies.setdefault(province, Counter())
    local = sorted(c for c in capitals if c[:2] == province)
    if not local:
        return
    capital = max(local, key=lambda c: scores[c])
    scores[capital] += SEAT_BONUS
    evidence.zones[capital].add("title")


def _pick_province(evidence: Evidence, prior: str | None) -> str | None:
    """The best-supported province; none when evidence is thin or scattered over the country."""
    scores = evidence.provinces
    if not scores:
        return None
    ranked = scores.most_common(2)
    province, best = ranked[0]
    if best < MIN_PROVINCE:
        return None
    if (
        evidence.long_text
        and province != prior
        and evidence.counts[province] < 2
        and (province not in evidence.headline)
    ):
        return None  # one passing mention in a long text
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    scattered = len(scores) >= 3 and best / sum(scores.values()) < SCATTERED_SHARE
    if not prior and scattered and best < CLEAR_LEAD * second and province not in evidence.filed:
        return None
    return province


def _pick_regency(evidence: Evidence, province: str, capitals: frozenset[str]) -> str | None:
    """The best-supported regency; none for a province-wide story."""
    scores = evidence.regencies.get(province)
    if not scores:
        return None
    regency, best = scores.most_common(1)[0]
    if best < MIN_REGENCY:
        return None
    if not evidence.prominent(regency) and evidence.province_level[province] >= PROVINCE_LEVEL * best:
        return None  # regencies named only in passing in a story about the province
    official = province in evidence.official or province in evidence.title_scene
    if regency in capitals and evidence.zones[regency] == {"dateline"} and official:
        return None  # a story about the province, filed from its capital
    in_title = bool(evidence.zones[regency] & {"title"}) or evidence.explicit[regency] > 0
    if regency in capitals and province in evidence.title_scene and not in_title:
        return None  # the title sets the story in the province, its capital is where offices are
    return regency


def _confidence(provinces: Counter, regencies: Counter, province: str, regency: str | None) -> float:
    share = provinces[province] / sum(provinces.values())
    strength = min(1.0, provinces[province] / 6.0)
    value = share * (0.5 + 0.5 * strength)
    if regency:
        value *= regencies[regency] / sum(regencies.values())
    return round(value, 3)


def _reason(
    used: list[Mention], gazetteer: Gazetteer, province: str, regency: str | None, prior: str | None
) -> str:
    target = regency or province
    backing = [m for m in used if m.code and unit_of(gazetteer, m.code) == target]
    if not regency:
        backing = [m for m in used if m.code and gazetteer.regions[m.code].province == province]
    if not backing:
        return "source_default" if prior == province else "none"
    if any(m.zone == "dateline" for m in backing):
        return "dateline"
    if any(m.form in ("kab", "kota", "province") for m in backing):
        return "explicit"
    return "majority"
