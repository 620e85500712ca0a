"""Summaries: 2–3 real sentences chosen across a story's articles, no repeats, no datelines."""

from __future__ import annotations

import pytest
from report_fixtures import sample_articles

from reports import summarize
from reports.text import STOP_WORDS, TOKEN, sentences, tokens


def event_texts(event: str) -> list[str]:
    return [
        "\n\n".join(e["paragraphs"])
        for e in sample_articles()
        if e.get("event") == event and not e.get("republish_of")
    ]


def test_summary_has_two_or_three_sentences_taken_from_the_articles() -> None:
    texts = event_texts("bentrok-batas-desa-hampang")
    summary = summarize.summarize_texts(texts)
    assert 2 <= len(summary) <= 3
    whole = " ".join(texts)
    assert all(s in whole for s in summary)


def test_summary_draws_on_more_than_the_first_article_when_they_agree() -> None:
    texts = event_texts("bentrok-batas-desa-hampang")
    summary = summarize.summarize_texts(texts)
    sources = {i for s in summary for i, text in enumerate(texts) if s in text}
    assert sources, summary
    assert "luka" in " ".join(summary)  # the impact every outlet reports is in the gist


def test_near_identical_sentences_are_not_both_chosen() -> None:
    text = (
        "Warga dua desa di Kecamatan Hampang bentrok karena sengketa tapal batas kebun karet.\n"
        "Warga dua desa di Kecamatan Hampang bentrok karena sengketa tapal batas kebun karet itu.\n"
        "Polisi mengerahkan 120 personel gabungan untuk menjaga perbatasan kedua desa.\n"
        "Pemerintah daerah akan mempercepat penegasan batas desa bersama tokoh masyarakat."
    )
    summary = summarize.summarize_texts([text], 3)
    assert len(summary) == 3
    assert sum("bentrok karena sengketa" in s for s in summary) == 1


def test_dateline_is_stripped_from_the_chosen_lead() -> None:
    text = (
        "KOTABARU, KABARNUSANTARA – Sengketa tapal batas memicu bentrokan antara warga dua desa di Hampang. "
        "Tiga warga dilaporkan luka-luka dalam bentrokan itu. Polisi membubarkan kedua kelompok warga."
    )
    summary = summarize.summarize_texts([text], 2)
    assert summary[0].startswith("Sengketa tapal batas")


@pytest.mark.parametrize(
    ("first", "news"),
    [
        ("WARTATIMUR.COM | KOTABARU - Warga dua desa bentrok.", "Warga dua desa bentrok."),
        ("KABARNUSANTARA.COM, KOTABARU – Warga dua desa bentrok.", "Warga dua desa bentrok."),
        ("Kotabaru (Antara Kalsel) - Warga dua desa bentrok.", "Warga dua desa bentrok."),
        ("HAMPANG – Warga dua desa bentrok.", "Warga dua desa bentrok."),
        ("Kotabaru – Warga dua desa bentrok.", "Warga dua desa bentrok."),
        ("HAMPANG-Warga dua desa bentrok.", "Warga dua desa bentrok."),
        ("Banjarmasin , Kabar Nusantara - - Warga dua desa bentrok .", "Warga dua desa bentrok ."),
        # not datelines: compounds and news that happen to hold a dash
        ("TNI-Polri berjaga di perbatasan dua desa.", "TNI-Polri berjaga di perbatasan dua desa."),
        (
            "Penjarahan di kebun-kebun warga memicu bentrok.",
            "Penjarahan di kebun-kebun warga memicu bentrok.",
        ),
        ("Dua warga – keduanya petani – terluka.", "Dua warga – keduanya petani – terluka."),
    ],
)
def test_a_dateline_is_cut_from_an_articles_first_sentence(first: str, news: str) -> None:
    assert summarize.strip_dateline(first) == news


def test_a_dash_after_the_first_sentence_is_news_not_a_dateline() -> None:
    text = (
        "KOTABARU – Warga dua desa di Hampang bentrok karena sengketa tapal batas. "
        "Lanjutnya, patroli tersebut menyasar tempat – tempat berkumpul warga kedua desa itu setiap malam."
    )
    summary = summarize.summarize_texts([text], 2)
    assert summary[0].startswith("Warga dua desa") and summary[1].startswith("Lanjutnya, patroli")


def test_short_text_and_empty_text_do_not_fail() -> None:
    assert summarize.summarize_texts([""]) == []
    assert summarize.summarize_texts(["Satu kalimat pendek tentang bentrokan warga desa."]) == [
        "Satu kalimat pendek tentang bentrokan warga desa."
    ]


def test_sentence_splitter_keeps_titles_and_abbreviations_together() -> None:
    found = sentences("Kapolres AKBP. Yudha datang pukul 16.00 WITA. H. Mukhlis Effendi menjelaskan.")
    assert found == ["Kapolres AKBP. Yudha datang pukul 16.00 WITA.", "H. Mukhlis Effendi menjelaskan."]


def test_story_summary_uses_originals_not_copies() -> None:
    entries = [e for e in sample_articles() if e.get("event") == "banjir-hst-november"]
    members = [
        {"text": "\n\n".join(e["paragraphs"]), "dup_of": 1 if e.get("republish_of") else None}
        for e in entries
    ]
    copy = next(m for m, e in zip(members, entries, strict=True) if e.get("republish_of"))
    original = next(m for m in members if m is not copy)
    summary = summarize.summarize_story(members)
    assert summary and all(s in original["text"] for s in summary)


@pytest.mark.parametrize(
    "text",
    [
        "Bentrok di Desa Sungai Kapih, 1 tewas dan 5 luka-luka (25/11/2026).",
        "\u201cKami menolak,\u201d ujar warga\u2026 \u2014 kata Kapolres",  # curly quotes, ellipsis, dash
        "x\u00b2 \u00bd \u216b abc_def a1b2 ab",  # non-digit numbers, underscore, digits
        "\u00c9COLE caf\u00e9 na\u00efve, tab\tnbsp\u00a0thin\u2009spasi",  # accents, Unicode spaces
        "lone \ud800 surrogate",
    ],
)
def test_tokens_are_the_runs_of_two_or_more_letters(text: str) -> None:
    """The fast split gives exactly the tokens of the letter-run pattern, stop words left out."""
    assert tokens(text) == [t for t in TOKEN.findall(text.lower()) if t not in STOP_WORDS]
