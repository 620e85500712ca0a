"""Impact extraction: killed, injured and damaged counts from Indonesian sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from nlp.classifier.taxonomy import IMPACT_FIELDS
from nlp.impact import extract, impact_of

FIXTURES = Path(__file__).parent / "fixtures" / "impact" / "sentences.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]


def expected(row: dict) -> dict[str, int]:
    """The gold impact of one fixture row."""
    return {field: row[field] for field in IMPACT_FIELDS}


def test_fixture_is_large_and_has_negatives() -> None:
    assert len(ROWS) >= 60
    negatives = [row for row in ROWS if not any(expected(row).values())]
    assert len(negatives) >= 15


def test_exact_on_at_least_90_percent() -> None:
    wrong = [(row["text"], impact_of(row["text"])) for row in ROWS if impact_of(row["text"]) != expected(row)]
    assert 1 - len(wrong) / len(ROWS) >= 0.90, wrong


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Seorang warga tewas terkena panah.", "killed", 1),
        ("Dua warga tewas dalam bentrok.", "killed", 2),
        ("Belasan rumah dibakar massa.", "damaged", 11),
        ("Puluhan rumah dibakar.", "damaged", 20),
        ("Sebanyak 5 orang luka-luka.", "injured", 5),
        ("Serangan itu menewaskan tiga warga.", "killed", 3),
        ("Dua puluh lima rumah hangus terbakar.", "damaged", 25),
    ],
)
def test_number_words_and_digits(text: str, field: str, value: int) -> None:
    assert impact_of(text)[field] == value


@pytest.mark.parametrize(
    "text",
    [
        "Ia meninggal dunia karena serangan jantung.",
        "Jalan rusak sepanjang 3 kilometer.",
        "Pada 2019 kerusuhan serupa pernah terjadi.",
        "Sebanyak 40 ekor sapi mati.",
    ],
)
def test_negatives_stay_zero(text: str) -> None:
    assert impact_of(text) == dict.fromkeys(IMPACT_FIELDS, 0)


def test_restated_figures_are_not_double_counted() -> None:
    text = "Dua warga tewas dalam bentrok. Polisi memastikan dua warga tewas akibat luka panah."
    assert impact_of(text)["killed"] == 2


def test_spacy_component_sets_doc_impact() -> None:
    nlp = spacy.blank("id")
    nlp.add_pipe("waspada_impact")
    doc = nlp("Tiga orang meninggal dunia dan tujuh lainnya luka-luka; dua mobil dibakar.")
    assert doc._.impact == {"killed": 3, "injured": 7, "damaged": 2}
    assert extract(doc) == doc._.impact


def test_figures_in_later_sentences_of_an_article() -> None:
    text = (
        "Bentrok pecah di Desa Wuloni. Dua warga tewas terkena panah dan belasan rumah dibakar. "
        "Polisi berjaga. Lima orang luka-luka dirawat di puskesmas."
    )
    assert impact_of(text) == {"killed": 2, "injured": 5, "damaged": 11}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the lead gives the event; history and other events come later
        (
            "Sedikitnya 16 rumah dibakar warga. Tahun 1998 lalu, ratusan rumah dibakar dalam perang tanding.",
            {"damaged": 16},
        ),
        ("Dua warga tewas dalam bentrok. Bentrok pada Maret menewaskan sembilan orang.", {"killed": 2}),
        ("Tiga warga tewas. Korban tewas bertambah menjadi lima orang.", {"killed": 5}),
        ("Dalam dua bulan terakhir ini belasan orang tewas dalam perang suku.", {"killed": 0}),
        ("Tahun lalu kecelakaan serupa menewaskan seorang pengendara.", {"killed": 0}),
        ("Peraih Perunggu Olimpiade 2012 Meninggal", {"killed": 0}),
        ("Sebanyak 2000 orang terluka dalam kericuhan itu.", {"injured": 2000}),
        # lists
        ("Akibat serangan itu, 24 pekerja dan satu anggota TNI tewas.", {"killed": 25}),
        ("Mereka membakar empat gedung sekolah dan 1 rumah guru.", {"damaged": 5}),
        ("Polsek menderita kerusakan 2 unit mobil, 6 unit motor.", {"damaged": 8}),
        ("Pada Sabtu, 25 November 2023, bentrokan menyebabkan dua orang luka-luka.", {"injured": 2}),
        ("Tiga warga, dua polisi dan seorang wartawan luka-luka.", {"injured": 6}),
        # a list goes on only through who it counts: groups and villages are not people
        ("Warga Dua Kampung di Samarinda Bentrok, Tiga Orang Luka", {"injured": 3}),
        ("Dua kelompok bentrok, tiga orang luka.", {"injured": 3}),
        # what is not a count of people or buildings
        ("Di Simpang Lima ada pos polisi yang dibakar.", {"damaged": 0}),
        ("Lima Rumah Dibakar Massa di Desa Wuloni", {"damaged": 5}),
        ("Kantor KPU yang terbakar kemudian ada juga pencurian 10 unit komputer.", {"damaged": 0}),
        ("Ia bersembunyi di sebuah gereja saat pembakaran markas polisi.", {"damaged": 0}),
        # people named by their unit, nouns before their count
        ("Dua personel Polres Kepulauan Sula mengalami luka di kepala.", {"injured": 2}),
        ("Bentrok itu buntut dari tewasnya dua warga setempat.", {"killed": 2}),
        ("Kerusuhan berimbas pada pembakaran ratusan kios warga.", {"damaged": 200}),
    ],
)
def test_counts_of_the_event_reported(text: str, expected: dict[str, int]) -> None:
    got = impact_of(text)
    assert {field: got[field] for field in expected} == expected


def test_figures_of_a_sentence_about_another_province_are_left_out_once_placed() -> None:
    from nlp.pipeline import build_nlp

    text = (
        "Warga Kota Cirebon menolak kenaikan PBB dan menyiapkan aksi. "
        "Demo di Pati, Jawa Tengah, pekan lalu menyebabkan belasan korban luka. "
        "Dua warga Kota Cirebon terluka saat mendirikan posko."
    )
    doc = build_nlp()(text)
    assert extract(doc)["injured"] == 11  # unplaced: the first sentence with a count
    assert extract(doc, "32")["injured"] == 2  # placed in Jawa Barat: Pati's injured are another event
    assert extract(doc, "33")["injured"] == 11  # placed in Jawa Tengah: they are this article's
