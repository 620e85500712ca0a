"""The region gazetteer: provinces, regencies and kecamatan with their surface forms (data -> patterns)."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.lookups import load_lookups

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer.json.gz"
ALIASES_FILE = DATA_DIR / "aliases.yaml"
COMMON_DISTRICTS_FILE = DATA_DIR / "common_districts.txt"  # by scripts/build_common_districts.py

# How much a surface form says about a place, by where the form comes from.
# "district_named": a kecamatan whose name is also a common word, a reading only after "Kecamatan".
SOURCE_RANK = {
    "province": 0,
    "regency": 0,
    "alias": 0,
    "town": 1,
    "capital": 1,
    "district": 2,
    "district_named": 3,
}
MIN_DISTRICT_CHARS = 4
# Geographic words that names are written both fused with and apart from ("Teluknaga"/"Teluk Naga").
FUSED_HEADS = (
    *("teluk", "tanjung", "sungai", "muara", "bukit", "pulau", "gunung", "kuala", "lubuk", "pangkalan"),
    *("karang", "rantau", "bandar", "tanah", "labuhan", "pasir", "padang", "batu", "air", "kampung"),
)
MIN_FUSED_TAIL = 3


@dataclass(frozen=True)
class Region:
    """One administrative unit: a province, a kabupaten/kota, or a kecamatan."""

    code: str  # dotted Kemendagri code
    level: str  # province | regency | district
    name: str  # official name ("Kabupaten Banjar", "Kota Banjarmasin", "Kalimantan Selatan")
    kind: str  # province | kabupaten | kota | kecamatan
    province: str  # code of its province
    lat: float | None = None
    lng: float | None = None

    @property
    def regency(self) -> str | None:
        """The kabupaten/kota code this unit lies in (itself for a regency, None for a province)."""
        if self.level == "province":
            return None
        return self.code[:5]


@dataclass(frozen=True)
class Candidate:
    """One reading of a surface form: the region it may name and where that reading comes from."""

    code: str
    source: str  # province | regency | alias | town | capital | district


@dataclass
class Gazetteer:
    """All regions by code and every surface form (lower case) with its candidate readings."""

    regions: dict[str, Region]
    forms: dict[str, list[Candidate]]
    common: frozenset[str]
    weak: frozenset[str]
    prefixes: dict[str, frozenset[str]]
    attribution: str = ""
    by_name: dict[str, str] = field(default_factory=dict)
    capitals: frozenset[str] = frozenset()  # regencies that hold their province's capital
    idioms: frozenset[str] = frozenset()  # phrases matched only to be ignored ("Sabang sampai Merauke")
    offices: frozenset[str] = frozenset()  # offices named with a place name ("polres metro")

    def region(self, code: str | None) -> Region | None:
        """The region with this dotted code, or None."""
        return self.regions.get(code) if code else None

    def code_for(self, value: str | None) -> str | None:
        """A dotted code from a code ("63.71", "6371") or an official name ("Kota Banjarmasin")."""
        if not value:
            return None
        value = value.strip()
        if value in self.regions:
            return value
        digits = value.replace(".", "")
        if digits.isdigit():
            dotted = ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))
            return dotted if dotted in self.regions else None
        return self.by_name.get(value.lower())

    def provinces(self) -> list[Region]:
        """The 38 provinces."""
        return [r for r in self.regions.values() if r.level == "province"]

    def regencies(self) -> list[Region]:
        """The 514 kabupaten/kota."""
        return [r for r in self.regions.values() if r.level == "regency"]


def bare_name(name: str) -> str:
    """'Kabupaten Administrasi Kepulauan Seribu' -> 'Kepulauan Seribu'; 'Kota Batu' -> 'Batu'."""
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ", "Kep. "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def variants(name: str) -> set[str]:
    """A name with its spelling variants: 'Tanjung Balai' -> 'Tanjungbalai', 'Toli-Toli' -> 'Tolitoli'."""
    out = {name}
    if " " in name:
        out.add(name.replace(" ", ""))
        out.add(name.replace(" ", "-"))
    if "-" in name:
        out.add(name.replace("-", " "))
        out.add(name.replace("-", ""))
    if " " not in name and "-" not in name:
        out.update(_split_fused(name))
    return {v for v in out if v}


def _split_fused(name: str) -> set[str]:
    """'Teluknaga' -> {'Teluk Naga'}: a fused geographic head written apart."""
    lower = name.lower()
    for head in FUSED_HEADS:
        tail = name[len(head) :]
        if lower.startswith(head) and len(tail) >= MIN_FUSED_TAIL and tail.isalpha():
            return {f"{name[: len(head)]} {tail[0].upper()}{tail[1:]}"}
    return set()


def load_data() -> dict:
    """The gazetteer file as stored: sections of field names and rows."""
    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def rows(section: dict) -> list[dict]:
    """A section's rows as dicts keyed by its field names."""
    return [dict(zip(section["fields"], row, strict=True)) for row in section["rows"]]


def _regions(data: dict) -> tuple[dict[str, Region], list[dict]]:
    regions: dict[str, Region] = {}
    for row in rows(data["provinces"]):
        regions[row["code"]] = Region(
            row["code"], "province", row["name"], "province", row["code"], row["lat"], row["lng"]
        )
    regencies = rows(data["regencies"])
    for row in regencies:
        kind = "kota" if row["name"].startswith("Kota ") else "kabupaten"
        regions[row["code"]] = Region(
            row["code"], "regency", row["name"], kind, row["code"][:2], row["lat"], row["lng"]
        )
    for row in rows(data["districts"]):
        regions[row["code"]] = Region(row["code"], "district", row["name"], "kecamatan", row["code"][:2])
    return regions, regencies


def _add(forms: dict[str, list[Candidate]], text: str, code: str, source: str) -> None:
    for variant in variants(text.strip()):
        key = variant.lower()
        if len(key) < 2:
            continue
        if all(c.code != code or c.source != source for c in forms[key]):
            forms[key].append(Candidate(code, source))


def _official_forms(forms: dict, regions: dict[str, Region], regencies: list[dict], aliases: dict) -> None:
    drop = {name.lower() for name in aliases.get("drop_capitals", [])}
    bare_names = {bare_name(r.name).lower() for r in regions.values() if r.level == "regency"}
    for region in regions.values():
        if region.level == "province":
            _add(forms, region.name, region.code, "province")
        elif region.level == "regency":
            _add(forms, bare_name(region.name), region.code, "regency")
    for row in regencies:
        capital = bare_name(row["capital"] or "")
        if row["name"].startswith("Kota ") or not capital or capital.lower() in drop:
            continue
        if capital.lower() in bare_names and capital.lower() != bare_name(row["name"]).lower():
            continue
        _add(forms, capital, row["code"], "capital")


def _common_words() -> frozenset[str]:
    """Indonesian words from spaCy's lemma table and the kecamatan names news prints in lower case: a
    one-word kecamatan named so is no signal."""
    lines = COMMON_DISTRICTS_FILE.read_text(encoding="utf-8").splitlines()
    printed = frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    try:
        table = load_lookups("id", ["lemma_lookup"]).get_table("lemma_lookup")
    except (ValueError, KeyError, OSError):
        return printed
    return printed | frozenset(table.keys()) | frozenset(table.values())


def _district_forms(forms: dict, regions: dict[str, Region], aliases: dict) -> None:
    """Kecamatan names; one that is also a common word counts only after "Kecamatan" ("Kecamatan Banjar")."""
    dropped = {name.lower() for name in aliases.get("drop_capitals", [])}
    common = _common_words() | {name.lower() for name in aliases.get("district_after_prefix", [])}
    for region in regions.values():
        name = region.name
        if region.level != "district" or len(name) < MIN_DISTRICT_CHARS or name.lower() in dropped:
            continue
        _add(forms, name, region.code, "district_named" if name.lower() in common else "district")


def _former_forms(forms: dict, aliases: dict) -> None:
    for name, codes in (aliases.get("former_provinces") or {}).items():
        for code in codes:
            _add(forms, name, str(code), "province")
    for name, code in (aliases.get("islands") or {}).items():
        _add(forms, name, str(code), "province")


def _capitals(forms: dict, regions: dict[str, Region], data: dict) -> frozenset[str]:
    found: set[str] = set()
    for row in rows(data["provinces"]):
        local = [
            regions[c.code]
            for c in forms.get(row["capital"].lower(), [])
            if regions[c.code].level == "regency" and regions[c.code].province == row["code"]
        ]
        cities = [r for r in local if r.kind == "kota"]
        found.update(r.code for r in cities or local)
    return frozenset(found)


def _curated_capitals(regions: dict[str, Region], aliases: dict) -> frozenset[str]:
    by_name = {r.name: r.code for r in regions.values() if r.level == "regency"}
    names = aliases.get("capitals") or []
    missing = [name for name in names if name not in by_name]
    if missing:
        raise ValueError(f"aliases.yaml: unknown regions in capitals: {missing}")
    return frozenset(by_name[name] for name in names)


def _alias_forms(forms: dict, regions: dict[str, Region], aliases: dict) -> None:
    by_name = {r.name: r.code for r in regions.values() if r.level != "district"}
    for section, source in (("provinces", "province"), ("regencies", "alias"), ("towns", "town")):
        for key, names in (aliases.get(section) or {}).items():
            code = key if key in regions else by_name.get(key)
            if code is None:
                raise ValueError(f"aliases.yaml: unknown region {key!r} in {section}")
            for name in names or []:
                _add(forms, str(name), code, source)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer shipped with the package (built once per process)."""
    data = load_data()
    aliases = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    regions, regencies = _regions(data)
    forms: dict[str, list[Candidate]] = defaultdict(list)
    _official_forms(forms, regions, regencies, aliases)
    _alias_forms(forms, regions, aliases)
    _former_forms(forms, aliases)
    _district_forms(forms, regions, aliases)
    idioms = frozenset(str(phrase).lower() for phrase in aliases.get("idioms") or [])
    for phrase in idioms:
        forms.setdefault(phrase, [])
    prefixes = {key: frozenset(v) for key, v in (aliases.get("prefixes") or {}).items()}
    by_name = {r.name.lower(): r.code for r in regions.values() if r.level != "district"}
    return Gazetteer(
        regions=regions,
        forms=dict(forms),
        common=frozenset(name.lower() for name in aliases.get("common_words", [])),
        weak=frozenset(name.lower() for name in aliases.get("weak_names", [])),
        prefixes=prefixes,
        attribution=data["attribution"],
        by_name=by_name,
        capitals=_capitals(forms, regions, data) | _curated_capitals(regions, aliases),
        idioms=idioms,
        offices=frozenset(str(name).lower() for name in aliases.get("office_names") or []),
    )
