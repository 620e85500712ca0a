"""Extraction and cleaning of article pages: body, boilerplate, credit, author, meta dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.clean import clean
from crawler.extract import NotArticle, extract, html_lines

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def test_clean_drops_bylines_read_also_share_and_tags_but_keeps_author_and_credit() -> None:
    result = clean(
        [
            "Oleh Rahmadi",
            "Banjarmasin, Selasa (3/11/2026) – Rapat koordinasi digelar.",
            "Baca juga: Rakor serupa di Banjarbaru",
            "Oleh karena itu, semua pihak diminta menjaga situasi.",
            "Share this",
            "Tags: Pilkada, Kesbangpol",
            "MC Kalsel/Jml",
            "Tinggalkan Balasan",
            "Alamat email Anda tidak akan dipublikasikan.",
        ]
    )
    assert result.paragraphs == [
        "Banjarmasin, Selasa (3/11/2026) – Rapat koordinasi digelar.",
        "Oleh karena itu, semua pihak diminta menjaga situasi.",
    ]
    assert result.author == "Rahmadi" and result.credit == "MC Kalsel/Jml"
    assert result.text == "\n\n".join(result.paragraphs) and result.lead == result.paragraphs[0]


@pytest.mark.parametrize(
    "line", ["Penulis : Rahmadi", "Editor : Dedy", "Reporter: Yusran", "Mungkin Anda Menyukai"]
)
def test_boilerplate_lines_never_reach_the_body(line: str) -> None:
    assert line not in clean(["Isi berita pertama yang cukup panjang.", line, "Isi kedua."]).text


def test_a_byline_naming_writer_and_editor_on_one_line_gives_the_writer_alone() -> None:
    result = clean(["Penulis: Ardiana | Editor: Budi Santoso", "Isi berita yang cukup panjang."])
    assert result.author == "Ardiana" and result.paragraphs == ["Isi berita yang cukup panjang."]


def test_inline_trailing_credit_is_split_off() -> None:
    result = clean(["Paragraf pertama.", "Kata dia menutup keterangan. (ant)"])
    assert result.paragraphs[-1] == "Kata dia menutup keterangan." and result.credit == "(ant)"


def test_extract_page_with_json_ld_and_boilerplate() -> None:
    page = extract((FIXTURES / "jsonld_page.html").read_text(), "https://kabarcontoh.id/x?amp=1", tz="WITA")
    assert page.title == "Polisi Amankan Bentrok Antarwarga di Martapura"
    assert page.meta.canonical == "https://kabarcontoh.id/berita/polisi-amankan-bentrok-martapura"
    assert page.author == "Siti Aminah" and page.body.credit == "(ant)"
    assert page.date.published_at == "2026-11-07T12:05:00Z" and page.date.date_source == "meta"
    assert page.body.lead.startswith("Martapura, Sabtu (7/11/2026)")
    assert len(page.body.paragraphs) == 3
    for junk in ("Baca juga", "Bagikan", "Tag:", "Berita Terkait", "Judul lain"):
        assert junk not in page.body.text


def test_listing_page_is_not_an_article() -> None:
    with pytest.raises(NotArticle):
        extract((FIXTURES / "listing.html").read_text(), "https://kabarcontoh.id/indeks")


def test_api_content_paragraphs() -> None:
    assert html_lines("<p>Satu <b>dua</b>.</p>\n<p>Tiga&nbsp;empat.</p>") == ["Satu dua.", "Tiga empat."]


@pytest.mark.parametrize(
    "line",
    [
        "© 2007 - 2025 kabarcontoh.id, All Rights Reserved",
        "Disclaimer : Komentar adalah tanggapan pribadi, tidak mewakili kebijakan redaksi.",
        "Load More...",
        "— Dinas Kominfo (@kominfocontoh) February 16, 2025",
        "Video: https://video.example.org/watch?v=abc",
        "(Foto: http://foto.example.org/2025/x.jpg)",
        "- Kamis, 05/11/2025 09:25 WIB",
        "01",
        "Halaman: 1 2 3 Selanjutnya",
        "Page 1 of 2",
        "« Sebelumnya Berikutnya »",
        "Tampilkan Semua",
        "Mahasiswa membakar ban di depan kantor wali kota. (Foto: Kabar Contoh/Andi)",
        "Video:",
        "Foto Pilihan",
    ],
)
def test_real_page_furniture_never_reaches_the_body(line: str) -> None:
    result = clean(["Isi berita pertama yang cukup panjang.", line, "Isi kedua yang juga panjang."])
    assert line not in result.paragraphs and len(result.paragraphs) == 2


def test_three_part_credit_and_an_author_name_alone_at_the_end() -> None:
    result = clean(["Paragraf pertama.", "Kalimat penutup berita. (kpl/pur/tch)", "DEWI LESTARI"])
    assert result.paragraphs == ["Paragraf pertama.", "Kalimat penutup berita."]
    assert result.credit == "(kpl/pur/tch)" and result.author == "DEWI LESTARI"


@pytest.mark.parametrize(
    ("last", "kept", "credit"),
    [
        (["Warga kembali beraktivitas.", "(ROS)"], "Warga kembali beraktivitas.", "(ROS)"),
        (["Bupati menerima perwakilan warga. [did]"], "Bupati menerima perwakilan warga.", "[did]"),
        (["Dialog digelar pekan ini. (DHI)"], "Dialog digelar pekan ini.", "(DHI)"),
        (
            ["Kasus ditangani Badan Narkotika Nasional (BNN)"],
            "Kasus ditangani Badan Narkotika Nasional (BNN)",
            None,
        ),
    ],
)
def test_editor_initials_in_capitals_or_brackets_are_a_credit(
    last: list[str], kept: str, credit: str | None
) -> None:
    result = clean(["Paragraf pertama yang cukup panjang.", *last])
    assert result.paragraphs[-1] == kept and result.credit == credit


def test_a_network_reporter_line_or_a_contributor_is_the_author_not_a_paragraph() -> None:
    lead = "TRIBUNNEWS.COM, SAMPIT - Ratusan warga menggelar unjuk rasa di depan kantor bupati."
    result = clean(
        ["Laporan Wartawan Tribunnews.com, Fahdi Fahlevi", lead, "Laporan itu diserahkan, kata dia."]
    )
    assert (
        result.paragraphs == [lead, "Laporan itu diserahkan, kata dia."] and result.author == "Fahdi Fahlevi"
    )
    result = clean([lead, "Kontributor : Mohammad Irfan"])
    assert result.paragraphs == [lead] and result.author == "Mohammad Irfan"
    assert clean([lead, "Kontributor Sampit, Yuliantino"]).author == "Yuliantino"


def test_an_address_or_a_domain_is_no_author_and_a_role_word_is_not_part_of_the_name() -> None:
    body = (
        "<p>" + "Warga desa bermusyawarah di balai desa bersama camat dan tokoh adat setempat. " * 4 + "</p>"
    )
    head = "<meta name='author' content='Liputan6.com'><meta property='article:author' content='https://www.facebook.com/kabar'>"
    html = f"<html><head><title>Musyawarah</title>{head}</head><body><h1>Musyawarah</h1>"
    page = extract(
        f"{html}<div class='author'>Dewi Kania Jurnalis</div><article>{body}</article></body></html>"
    )
    assert page.author == "Dewi Kania"
    assert extract(f"{html}<article>{body}</article></body></html>").author is None


def test_another_headline_in_parentheses_inside_a_paragraph_is_cut_out() -> None:
    said = "Pedagang berunjuk rasa, Kamis (11/2/2016)."
    line = f"{said} (Baca juga: Pemkab Siapkan Lahan Pasar Baru) Camat menemui mereka."
    assert clean([line]).paragraphs == [f"{said} Camat menemui mereka."]


def test_a_sentence_with_page_words_or_a_credit_in_its_middle_stays() -> None:
    lines = [
        "Lihat semua halaman 2 dari 3 berkas tuntutan warga.",
        "Foto (dokumentasi warga) beredar di media sosial sejak pagi dan memicu kemarahan warga desa.",
    ]
    assert clean(lines).paragraphs == lines


def test_a_list_the_text_introduces_is_kept_however_short_its_items() -> None:
    lines = [
        "Ratusan buruh menggelar aksi di depan kantor gubernur dengan lima tuntutan.",
        "Berikut tuntutan para buruh:",
        "- Tolak PHK massal",
        "- Naikkan upah minimum",
        "Aksi berlangsung tertib dengan pengawalan aparat.",
        "- Harga Cabai Naik",  # a sidebar's item after the text: no list was introduced
    ]
    assert clean(lines).paragraphs == lines[:5]


def test_bare_lead_outside_p_is_kept_and_caption_and_tweet_are_not() -> None:
    lead = "SUKAMAJU - Warga dua desa sepakat berdamai setelah tiga bulan bersengketa soal batas wilayah."
    html = (
        "<html><head><title>Warga Berdamai - Kabar Contoh</title></head><body><div class='isi'>"
        "<div class='photo'><img src='a.jpg'>Camat menunjukkan peta batas desa kepada wartawan.</div>"
        f"<strong>SUKAMAJU</strong>{lead[8:]}<br><br>"
        "<p>Camat mengatakan kesepakatan dicapai setelah patok baru dipasang oleh tim pemetaan kabupaten.</p>"
        "<blockquote class='twitter-tweet'><p>Kabar baik!</p>&mdash; Warga (@warga)</blockquote>"
        "<p>Kedua kepala desa menandatangani berita acara kesepakatan di hadapan camat dan kapolsek.</p>"
        "</div></body></html>"
    )
    page = extract(html, "https://kabarcontoh.id/berita/warga-berdamai")
    assert page.body.lead == lead
    assert "peta batas" not in page.body.text and "Kabar baik!" not in page.body.text
    assert page.title == "Warga Berdamai"


def test_portal_saying_og_type_website_is_still_an_article() -> None:
    html = (FIXTURES.parent / "pages" / "html" / "portal-website.html").read_text(encoding="utf-8")
    page = extract(html, "https://regional.kabarcontoh.id/read/2025/03/04/warga-dua-desa-sepakat-damai")
    assert page.title == "Warga Dua Desa Sepakat Damai Usai Sengketa Batas"
    assert page.date.published_local == "2025-03-04 14:38 WIB" and page.author == "Dewi Lestari"


def test_inline_related_links_go_and_the_text_after_berita_terkait_stays() -> None:
    html = (FIXTURES.parent / "pages" / "html" / "network-inline-related.html").read_text(encoding="utf-8")
    page = extract(html, "https://www.kabarjaringan.com/regional/2016/08/14/dua-kelompok-pemuda-bentrok")
    assert "Polisi Buru" not in page.body.text and "Balap Liar" not in page.body.text
    assert page.body.paragraphs[-1].startswith("Polisi menyiagakan personel")
    assert page.author == "Fathurahman"  # printed in <div id="penulis">


def test_the_date_by_the_h1_wins_over_the_same_title_in_a_box_above() -> None:
    html = (
        "<html><head><title>Jalan Desa Diperbaiki - Kabar Contoh</title>"
        "<meta property='article:published_time' content='2025-03-04T01:00:00Z'></head><body>"
        "<ul class='populer'><li><a href='/x'>Jalan Desa Diperbaiki</a><span>Senin, 3 Maret 2025 | 08:00 WIB"
        "</span></li></ul><h1>Jalan Desa Diperbaiki</h1><div>Selasa, 4 Maret 2025 | 09:30 WITA</div>"
        + "<p>Pemerintah kabupaten memperbaiki jalan desa yang rusak sepanjang tiga kilometer.</p>" * 4
        + "</body></html>"
    )
    page = extract(html, "https://kabarcontoh.id/berita/jalan-desa", tz="WIB")
    assert page.date.published_local == "2025-03-04 09:30 WITA"
    assert page.date.published_at == "2025-03-04T01:30:00Z"


def test_without_a_shown_headline_the_date_by_the_first_paragraph_wins_over_a_sidebar_time() -> None:
    html = (
        "<html><head><title>Portal Berita Daerah</title></head><body>"
        "<aside><time>Jumat, 28 Februari 2025 07:00 WIB</time><a href='/x'>Berita lain</a></aside>"
        "<main><div class='info'>Selasa, 4 Maret 2025 - 09:30 WIB</div>"
        + "".join(
            f"<p>Pekerja memperbaiki ruas jalan desa nomor {n} yang rusak sepanjang satu kilometer.</p>"
            for n in range(4)
        )
        + "</main></body></html>"
    )
    page = extract(html, "https://kabarcontoh.id/berita/jalan-desa", tz="WIB")
    assert page.date.published_local == "2025-03-04 09:30 WIB"


def test_a_read_also_link_inside_a_paragraph_leaves_the_paragraph_whole() -> None:
    lead = "Ratusan warga menolak tambang pasir di sungai desa mereka karena khawatir abrasi merusak kebun."
    html = (
        "<html><head><title>Warga Tolak Tambang Pasir</title></head><body><h1>Warga Tolak Tambang Pasir</h1>"
        f"<div><p>{lead} <strong>Baca juga: <a href='/x'>Bupati Tinjau Lokasi Abrasi</a></strong> "
        "Warga meminta izin perusahaan dicabut.</p>"
        "<p>Kepala desa sudah menyampaikan keberatan warga kepada dinas terkait sejak bulan lalu.</p></div>"
        "</body></html>"
    )
    body = extract(html).body
    assert body.paragraphs[0] == f"{lead} Warga meminta izin perusahaan dicabut."
    assert "Baca juga" not in body.text and "Abrasi" not in body.text


@pytest.mark.parametrize("separator", ["\\n\\n", "</p><p>"])
def test_a_page_rendering_its_text_by_script_is_read_from_its_json_ld(separator: str) -> None:
    first = "AMBON - Dua kelompok pemuda terlibat bentrok di kawasan Batu Merah, Kota Ambon, Minggu malam."
    second = (
        "Kapolresta Ambon mengatakan situasi sudah dapat dikendalikan, pemicunya masih diselidiki, dan "
        "warga diimbau tidak terpancing isu yang beredar di media sosial."
    )
    body = f"{first}{separator}{second}"
    if separator.startswith("<"):
        body = f"<p>{body}</p>"
    ld = f'{{"@type": "NewsArticle", "headline": "Pemuda Bentrok di Ambon", "articleBody": "{body}"}}'
    html = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head><body><h1>Pemuda Bentrok di "
        "Ambon</h1><div class='story-body' data-loading='true'></div></body></html>"
    )
    assert extract(html, "https://kabarmaluku.id/x").body.paragraphs == [first, second]
    assert extract(
        html.replace('"@type"', '"url": "https://kabarmaluku.id/x/", "@type"'), "https://kabarmaluku.id/x"
    )
    with pytest.raises(NotArticle):  # without it, still no article
        extract(html.replace(ld, "{}"), "https://kabarmaluku.id/x")
    with pytest.raises(NotArticle):  # a front page carrying another page's article is no article
        extract(
            html.replace('"@type"', '"url": "https://kabarmaluku.id/y", "@type"'), "https://kabarmaluku.id/"
        )


def test_an_article_set_in_layout_table_cells_is_read_but_a_table_of_figures_is_not() -> None:
    lead = "RANTAU - Bupati meminta warga menjaga kondusivitas menjelang pemilihan kepala desa serentak."
    rest = (
        "Ia meminta panitia pemilihan di 27 desa bersikap netral dan transparan agar tidak memicu "
        "perselisihan antarpendukung calon."
    )
    figures = "<table><tr><td>Desa</td><td>Pemilih</td></tr><tr><td>Tatakan</td><td>1.204</td></tr></table>"
    html = (
        "<html><head><title>Bupati Minta Warga Jaga Kondusivitas</title></head><body><table>"
        "<tr><td><a href='/'>Beranda</a> | <a href='/berita'>Berita</a></td></tr>"
        "<tr><td class='judul'>Bupati Minta Warga Jaga Kondusivitas</td></tr>"
        f"<tr><td class='isi'>{lead}<br><br>{rest}<br><br>{figures}</td></tr></table></body></html>"
    )
    body = extract(html, "https://contohkab.go.id/berita/1").body
    assert body.paragraphs == [lead, rest]
