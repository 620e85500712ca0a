"""The resolver: weighs a doc's region mentions and picks its primary province and regency."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from nlp.regions.gazetteer import SOURCE_RANK, Gazetteer, Region, load
from nlp.regions.matcher import Mention, mention_dict, text_offset, unit_of
from nlp.regions.zones import (
    DATELINE_CHARS,
    LEAD_CHARS,
    dateline_end,
    in_address,
    is_title_case,
    title_words,
    window,
    zone_of,
)

# Evidence weights: where a mention stands, what kind of name it is, and how it is written.
ZONE_WEIGHT = {"dateline": 4.0, "title": 3.0, "lead": 2.0, "body": 1.0}
SOURCE_WEIGHT = {"province": 1.0, "regency": 1.0, "alias": 1.0, "town": 0.8, "capital": 0.8, "district": 0.3}
EXPLICIT_BONUS = 2.0
WEAK_FACTOR = 0.3
DESTINATION_FACTOR = 0.5
AGENCY_FACTOR = 0.6  # "Polres X", "Basarnas X": an office named after a place, often not the scene
PRIOR_WEIGHT = 1.5
ADDRESS_BONUS = 1.5  # the end of "Desa A, Kecamatan B, Kabupaten C" names where it happened
CAPITAL_DATELINE = 0.375  # a capital dateline counts half a title: reporters file from there about elsewhere
PROVINCE_LEVEL = 2.0  # province-level mentions this many times the best regency: a province-wide story
SCATTERED_SHARE = 0.5  # best province below this share of the evidence, with 3+ provinces: national...
CLEAR_LEAD = 1.5  # ...unless the best province has this many times the evidence of the next
MIN_PROVINCE = 1.0
MIN_REGENCY = 1.0
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
    head = text[start : start + DATELINE_CHARS] if text is not None else window(doc, start, DATELINE_CHARS)
    dateline = start + dateline_end(head)
    title_case = is_title_case(
        text[:title_chars].split() if text is not None else title_words(doc, title_chars)
    )
    for m in mentions:
        m.zone = zone_of(m, title_chars, dateline, max(dateline, start) + LEAD_CHARS)
        m.address = in_address(doc, m.token)
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
    lead = text[:reach] if text is not None else window(doc, 0, reach)
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
