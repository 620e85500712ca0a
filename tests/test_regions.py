"""The region component and resolver: spans, primary place, confidence and reason, and bad input."""

from __future__ import annotations

import pytest

from nlp.pipeline import REGIONS, build_nlp, regions_only
from nlp.regions.matcher import compose
from nlp.regions.resolver import Placement, resolve


def place(text: str, title: str = "", default: str | None = None) -> Placement:
    combined, title_chars = compose(title, text)
    nlp = build_nlp()
    with regions_only(nlp):
        doc = nlp(combined)
    return resolve(doc, title_chars, default)


def codes(placement: Placement) -> tuple[str | None, str | None]:
    return (
        placement.province.code if placement.province else None,
        placement.regency.code if placement.regency else None,
    )


def test_build_nlp_is_one_blank_indonesian_pipeline_per_process() -> None:
    nlp = build_nlp()
    assert nlp is build_nlp()
    assert nlp.lang == "id" and nlp.pipe_names[0] == REGIONS
    if "waspada_impact" in nlp.pipe_names:  # the impact extractor runs after regions, same tokens
        assert nlp.pipe_names.index("waspada_impact") > 0


def test_mentions_carry_field_offsets_codes_and_levels() -> None:
    title = "Warga Dua Desa di Bima Bentrok"
    text = "BIMA, KOMPAS.com - Dua kelompok warga di Kabupaten Bima, Nusa Tenggara Barat (NTB), bentrok."
    result = place(text, title).as_dict(len(title))
    assert result["province"] == {"code": "52", "name": "Nusa Tenggara Barat"}
    assert result["regency"] == {"code": "52.06", "name": "Kabupaten Bima"}
    assert result["reason"] == "dateline" and 0 < result["confidence"] <= 1
    for mention in result["regions"]:
        source = title if mention["field"] == "title" else text
        assert source[mention["start"] : mention["end"]] == mention["text"]
    assert {(m["text"], m["level"]) for m in result["regions"]} >= {("NTB", "province"), ("BIMA", "regency")}


def test_explicit_kabupaten_and_kota_of_one_name() -> None:
    assert codes(place("Bupati Malang meninjau banjir di desa itu.")) == ("35", "35.07")
    assert codes(place("Wali Kota Malang meninjau banjir di kelurahan itu.")) == ("35", "35.73")
    assert place("Pemkab Bogor menertibkan bangunan liar di kawasan itu.").reason == "explicit"


def test_province_context_splits_a_name_two_provinces_share() -> None:
    assert codes(place("Bentrok di Banjar, Kalimantan Selatan, melukai dua warga.")) == ("63", "63.03")
    assert codes(place("Bentrok di Banjar, Jawa Barat, melukai dua warga.")) == ("32", "32.79")


def test_capital_town_counts_for_its_kabupaten() -> None:
    assert codes(place("Ribuan warga berkumpul di Martapura, Kalimantan Selatan.")) == ("63", "63.03")


def test_dateline_forms() -> None:
    assert (
        codes(place("Banjarmasin, Kamis (28/11/2019) – Warga Kelayan memprotes penggusuran."))[1] == "63.71"
    )
    assert codes(place("PALU, KOMPAS.com - Dua kelompok pemuda bentrok semalam."))[1] == "72.71"


def test_locus_beats_the_dateline() -> None:
    text = (
        "PADANG – Ribuan warga Nagari Air Bangis, Kabupaten Pasaman Barat, berunjuk rasa di kantor "
        "gubernur menolak proyek strategis nasional di kampung mereka."
    )
    assert codes(place(text, "Warga Air Bangis Demo di Padang Tolak PSN")) == ("13", "13.12")


def test_ordinary_words_are_not_places() -> None:
    assert codes(place("Massa melempar batu ke arah petugas yang berjaga.")) == (None, None)
    assert codes(place("Petani menebang batang pohon karet yang tua.")) == (None, None)
    assert codes(place("Polisi menambah patroli.", "KKB Serang Pos Keamanan di Pegunungan")) == (None, None)
    assert codes(place("Ribuan wisatawan memadati Kota Batu saat libur panjang.")) == ("35", "35.79")


def test_national_and_foreign_stories_get_no_regency() -> None:
    national = place("JAKARTA – Menteri Dalam Negeri meminta kepala daerah menjaga netralitas ASN.")
    assert codes(national) == (None, None) and national.reason == "none"
    assert codes(place("KUALA LUMPUR – Pemerintah Malaysia memperketat pengawasan pekerja asing.")) == (
        None,
        None,
    )
    assert codes(place("Dari Sabang sampai Merauke, warga merayakan Hari Kemerdekaan.")) == (None, None)


def test_province_wide_story_has_no_regency() -> None:
    result = place("Pemprov Kalsel meminta seluruh kabupaten dan kota menyiapkan posko siaga bencana.")
    assert codes(result) == ("63", None) and result.reason == "explicit"


def test_source_default_province_is_a_prior_only() -> None:
    result = place("Rapat koordinasi tim terpadu digelar di aula kantor gubernur.", default="63")
    assert codes(result) == ("63", None) and result.reason == "source_default"
    assert codes(place("Warga Kabupaten Garut menolak tambang pasir.", default="63")) == ("32", "32.05")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "The protest in the capital ended peacefully after talks with the governor.",
        "\u200b\u200bKabupaten\u00a0Banjar \U0001f525\U0001f525 \u202eرسالة\u202c",
        "Zalgo\u0301\u0302\u0303 ＫＡＬＳＥＬ Kota\u00adBaru",
        "\x00\x01 Kota Baru\ufeff \ud7ff",
    ],
)
def test_odd_input_gives_sane_output(text: str) -> None:
    result = place(text, title=text[:20]).as_dict(len(text[:20].strip()))
    assert set(result) >= {"province", "regency", "regions", "confidence", "reason"}
    assert 0.0 <= result["confidence"] <= 1.0
    for mention in result["regions"]:
        assert mention["start"] < mention["end"]


def test_hundreds_of_region_names_and_a_one_megabyte_article_are_bounded() -> None:
    names = ", ".join(["Kabupaten Banjar", "Kota Bandung", "Timika", "Kalsel", "Kudus", "Batu"] * 100)
    crowded = place(f"Daftar daerah: {names}.")
    assert len(crowded.mentions) <= 600 and crowded.province is not None
    sentence = "Warga Kabupaten Sigi menggelar rapat bersama aparat desa untuk mencegah konflik. "
    big = sentence * (1_000_000 // len(sentence))
    result = place(big, "Rapat di Sigi")
    assert codes(result) == ("72", "72.10")
    assert len(result.mentions) == big.count("Sigi") + 1  # every mention once: work grows with the text


def test_a_name_the_text_calls_a_kecamatan_is_that_kecamatan_throughout() -> None:
    text = (
        "Lomba wajah padukuhan digelar di Kapanewon Depok, Sleman. Panewu Depok menilai kebersihan "
        "padukuhan. Warga Depok antusias, dan Depok menargetkan juara tingkat kabupaten."
    )
    assert codes(place(text)) == ("34", "34.04")


def test_a_kecamatan_named_like_a_common_word_counts_after_kecamatan() -> None:
    text = (
        "Kelian adat se-Kecamatan Banjar, Buleleng, Bali, rapat membahas awig-awig. "
        "Camat Banjar meminta setiap desa adat di Banjar menjaga kerukunan."
    )
    assert codes(place(text)) == ("51", "51.08")


def test_a_month_or_a_job_title_is_not_a_kecamatan() -> None:
    text = "Kasi Humas Polres menyebut rapat digelar Senin, 14 Juli 2025, di aula kantor itu."
    placement = place(text)
    assert placement.as_dict(0)["regions"] == [] and codes(placement) == (None, None)


def test_a_pavilion_a_hall_or_a_market_named_like_a_kecamatan_is_no_place() -> None:
    text = (
        "Pendopo Bupati ramai. Balai Desa menampung pengungsi, dan pedagang Pasar Larangan menolak "
        "relokasi. Sambutan Gubernur dibacakan Sekda."
    )
    placement = place(text)
    assert placement.as_dict(0)["regions"] == [] and codes(placement) == (None, None)
    after_prefix = place("Rapat digelar di Kecamatan Pendopo, Kabupaten Empat Lawang.").as_dict(0)["regions"]
    assert any(m["level"] == "district" and m["text"] == "Pendopo" for m in after_prefix)


def test_a_village_named_like_a_kabupaten_is_not_that_kabupaten() -> None:
    assert codes(place("Warga Desa Selayar mengungsi ke hutan setelah rumah mereka dirusak.")) == (None, None)
    text = "Warga Ohoi Selayar di Kabupaten Maluku Tenggara mengungsi ke hutan setelah rumah mereka dirusak."
    assert codes(place(text)) == ("81", "81.02")


def test_metropolitan_police_of_a_city_is_no_mention_of_kota_metro() -> None:
    text = (
        "Kapolres Metro Depok menyebut dua kelompok pemuda tawuran di Sukmajaya. "
        "Polres Metro Bekasi Kota menahan 12 pelajar."
    )
    placement = place(text)
    assert "Metro" not in {m["text"] for m in placement.as_dict(0)["regions"]}
    assert codes(placement)[0] == "32"
    own_police = place("Warga Kota Metro berunjuk rasa. Kapolres Metro AKBP Heti mengatakan aksi tertib.")
    assert codes(own_police) == ("18", "18.72")
    assert [m["text"] for m in own_police.as_dict(0)["regions"]].count("Metro") == 2
