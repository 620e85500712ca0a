"""Digest wording in Indonesian and English: a small dictionary of labels, not machine translation."""

from __future__ import annotations

THEME_LABELS: dict[str, dict[str, str]] = {
    "all": {"id": "konflik", "en": "conflict"},
    "election": {"id": "ketegangan pemilu/pilkada", "en": "election tension"},
    "land_resource": {"id": "sengketa lahan dan sumber daya", "en": "land and resource dispute"},
    "identity": {"id": "konflik identitas/SARA", "en": "identity conflict"},
    "communal_violence": {"id": "bentrok antarwarga", "en": "communal violence"},
    "protest": {"id": "unjuk rasa", "en": "protest"},
    "separatism_insurgency": {"id": "separatisme dan terorisme", "en": "separatism and insurgency"},
    "labor": {"id": "sengketa perburuhan", "en": "labour dispute"},
    "governance": {"id": "sengketa tata kelola", "en": "governance dispute"},
    "crime_security": {"id": "kekerasan dan keamanan", "en": "violence and security"},
    "prevention": {"id": "pencegahan konflik", "en": "conflict prevention"},
}

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "id": "Waspada — Ringkasan Harian Ketegangan Sosial",
        "en": "Waspada — Daily Digest of Social Tensions",
    },
    "period": {"id": "Periode", "en": "Period"},
    "open_in_workbench": {"id": "tinjau di Waspada", "en": "review in Waspada"},
    "fetch_time": {
        "id": "waktu diambil, tanggal terbit tidak diketahui",
        "en": "time fetched, publication date unknown",
    },
    "signals": {"id": "Sinyal", "en": "Signals"},
    "undated_signal": {
        "id": "tanpa tanggal terbit: {n} dari {total} cerita (ditempatkan pada waktu diambil; "
        "bisa jadi berita lama)",
        "en": "no publication date: {n} of {total} {stories} (placed at the time fetched; may be old news)",
    },
    "no_signals": {
        "id": "Tidak ada sinyal peningkatan pada periode ini.",
        "en": "No rising signals in this period.",
    },
    "no_signals_none": {  # coverage status none: nothing to compute signals from
        "id": "Sinyal tidak dapat dihitung: tidak ada data untuk periode ini.",
        "en": "Signals cannot be computed: there is no data for this period.",
    },
    "no_signals_low": {
        "id": "Tidak ada sinyal peningkatan, tetapi cakupan data rendah: sinyal bisa terlewat.",
        "en": "No rising signals, but data coverage is low: signals may be missed.",
    },
    "no_signals_unknown": {  # coverage status unknown: no history, so only escalations can be detected
        "id": "Tidak ada sinyal: tanpa riwayat, hanya eskalasi (korban tewas atau luka) yang dapat "
        "terdeteksi.",
        "en": "No signals: without history, only escalations (people killed or injured) can be detected.",
    },
    "no_signals_short": {  # coverage status unknown on a history too short to judge it
        "id": "Tidak ada sinyal peningkatan, tetapi riwayat terlalu pendek untuk menilai cakupan data: "
        "sinyal bisa terlewat.",
        "en": "No rising signals, but the history is too short to judge data coverage: signals may be "
        "missed.",
    },
    "no_signals_untagged": {
        "id": "Tidak ada sinyal peningkatan di antara artikel yang sudah ditandai: sinyal bisa terlewat.",
        "en": "No rising signals among the articles tagged so far: signals may be missed.",
    },
    "no_signals_silent": {
        "id": "Tidak ada sinyal peningkatan, tetapi sebagian media tidak memuat artikel: "
        "sinyal bisa terlewat.",
        "en": "No rising signals, but some sources brought no articles: signals may be missed.",
    },
    "quiet": {
        "id": "Hari yang tenang: tidak ada cerita konflik baru pada periode ini.",
        "en": "A quiet day: no new conflict stories in this period.",
    },
    "quiet_period": {
        "id": "Periode yang tenang: tidak ada cerita konflik baru pada periode ini.",
        "en": "A quiet period: no new conflict stories in this period.",
    },
    "stories": {"id": "Cerita per provinsi", "en": "Stories by province"},
    "map": {"id": "Peta", "en": "Map"},
    "trend": {"id": "Tren harian", "en": "Daily trend"},
    "sources": {"id": "Sumber", "en": "Sources"},
    "articles": {"id": "artikel", "en": "articles"},
    "outlets": {"id": "media", "en": "outlets"},
    "first_seen": {"id": "Pertama terlihat", "en": "First seen"},
    "themes": {"id": "Tema", "en": "Themes"},
    "impact": {"id": "Dampak", "en": "Impact"},
    # impact counts are what the text states, vague words as their lower bound ("puluhan" = 20)
    "at_least": {"id": "sedikitnya", "en": "at least"},
    "killed": {"id": "tewas", "en": "killed"},
    "injured": {"id": "luka", "en": "injured"},
    "damaged": {"id": "rusak/dibakar", "en": "damaged/burned"},
    "other_stories": {"id": "cerita lain bukan konflik", "en": "other stories not about conflict"},
    "unknown_region": {"id": "Wilayah tidak diketahui", "en": "Unknown region"},
    "trend_kind": {"id": "Kenaikan", "en": "Rise"},
    "hotspot_kind": {"id": "Titik panas baru", "en": "New hotspot"},
    "escalation_kind": {"id": "Eskalasi", "en": "Escalation"},
    "history_note": {
        "id": "Titik panas baru memerlukan riwayat ≥ {days} hari; basis data mencakup {have} "
        "berturut-turut sebelum periode ini.",
        "en": "New hotspots need ≥ {days} days of history; the database covers {have} in a row "
        "before this period.",
    },
    "conflict_stories": {"id": "cerita konflik", "en": "conflict stories"},
    "window_label": {"id": "periode", "en": "window"},
    "baseline_label": {"id": "28 hari sebelumnya", "en": "previous 28 days"},
    "map_note": {
        "id": "Lingkaran: jumlah cerita konflik per kabupaten/kota.",
        "en": "Circles: conflict stories per kabupaten/kota.",
    },
    "generated": {"id": "Dibuat", "en": "Generated"},
    "stories_word": {"id": "cerita", "en": "stories"},
    "no_data": {
        "id": "Tidak ada data untuk periode ini: tidak ada artikel yang dirayapi. Ini bukan hari tenang.",
        "en": "No data for this period: no articles were crawled. This is not a quiet day.",
    },
    "untagged": {
        "id": "Belum lengkap: {n} dari {total} artikel periode ini belum ditandai model "
        "(jalankan waspada tag); cerita konflik bisa terlewat.",
        "en": "Incomplete: {n} of {total} articles of this period are not tagged by the model yet "
        "(run waspada tag); conflict stories may be missing.",
    },
    "silent_sources": {
        "id": "Media yang berhenti memuat artikel, padahal biasanya ada: {sources}. Periksa perayapannya; "
        "wilayah liputannya bisa tampak tenang padahal tidak.",
        "en": "Sources that stopped bringing articles, though they usually have some: {sources}. Check their "
        "crawl; the regions they cover may look calm when they are not.",
    },
    "silent_source": {
        "id": "{source} (tidak ada dalam {days}, biasanya {usual})",
        "en": "{source} (none in {days}, usually {usual})",
    },
    "silent_more": {"id": "dan {n} lainnya", "en": "and {n} more"},
    "estimated_from": {"id": "perkiraan dari riwayat {days}", "en": "estimated from {days} of history"},
    "coverage_unknown": {
        "id": "Cakupan data belum dapat dinilai: belum ada riwayat untuk dibandingkan ({n} pada periode "
        "ini). Sedikit cerita belum tentu tenang.",
        "en": "Coverage cannot be judged yet: no history to compare with ({n} in this period). Few stories "
        "need not mean calm.",
    },
    "coverage_short": {
        "id": "Cakupan data belum dapat dinilai: riwayat {have} terlalu pendek untuk dibandingkan ({n} pada "
        "periode ini). Sedikit cerita belum tentu tenang.",
        "en": "Coverage cannot be judged yet: {have} of history is too short to compare with ({n} in this "
        "period). Few stories need not mean calm.",
    },
    "in_progress": {
        "id": "Periode ini belum selesai: data sampai {until}; angka masih dapat bertambah.",
        "en": "This period is not over: data until {until}; the counts may still rise.",
    },
    "low_coverage": {
        "id": "Cakupan data rendah: {n} artikel, biasanya {usual}. Sedikit cerita belum tentu tenang.",
        "en": "Data coverage low: {n} articles vs usual {usual}. Few stories need not mean calm.",
    },
    "other_list": {"id": "Cerita lain (bukan konflik)", "en": "Other stories (not about conflict)"},
    "review": {"id": "Mungkin terkait konflik — perlu ditinjau", "en": "Possibly conflict — to review"},
    "review_note": {
        "id": "Artikel yang belum pasti konflik; tidak dihitung dalam tren.",
        "en": "Articles that may be about conflict; not counted in the trends.",
    },
    "baseline_short": {
        "id": "Riwayat belum cukup ({have}): rata-rata {days} hari belum terukur; "
        "pembanding hanya {have} yang ada.",
        "en": "Not enough history ({have}): the {days}-day average is not measured yet; "
        "signals compare with the history there is.",
    },
    "baseline_none": {
        "id": "Belum ada riwayat: tidak ada artikel dalam {days} hari sebelum periode ini (perayapan tidak "
        "berjalan, atau data baru dimulai); kenaikan belum dapat diukur.",
        "en": "No history: no article in the {days} days before this period (the crawl was not running, or "
        "the data start here); rises cannot be measured yet.",
    },
    "more": {"id": "lainnya", "en": "more"},
    "untitled": {"id": "(tanpa judul)", "en": "(untitled)"},
    "subject_no_data": {"id": "tidak ada data", "en": "no data"},
    "subject_incomplete": {"id": "data belum lengkap", "en": "incomplete data"},
    "subject_unknown": {"id": "belum ada riwayat", "en": "no history yet"},
}

COUNTED: dict[str, tuple[str, str, str]] = {  # key: (Indonesian, English one, English many)
    "articles": ("artikel", "article", "articles"),
    "outlets": ("media", "outlet", "outlets"),
    "conflict_stories": ("cerita konflik", "conflict story", "conflict stories"),
    "other_stories": (
        "cerita lain bukan konflik",
        "other story not about conflict",
        "other stories not about conflict",
    ),
    "days": ("hari", "day", "days"),
    "signals": ("sinyal", "signal", "signals"),
}


def counted(count: int, key: str, lang: str) -> str:
    """'1 article', '2 articles', '2 artikel'."""
    word_id, one, many = COUNTED[key]
    return f"{count} {word_id if lang == 'id' else plural(count, one, many)}"


def text(key: str, lang: str) -> str:
    """One label in the language (falls back to Indonesian)."""
    entry = TEXT[key]
    return entry.get(lang, entry["id"])


def theme(name: str, lang: str) -> str:
    """A theme's short label."""
    entry = THEME_LABELS.get(name)
    return entry.get(lang, entry["id"]) if entry else name


def plural(count: int, one: str, many: str) -> str:
    """English noun for a count: 1 article, 2 articles (Indonesian nouns do not change)."""
    return one if count == 1 else many


def number(value: float, lang: str, digits: int = 1) -> str:
    """2.5 → '2,5' in Indonesian, '2.5' in English; whole numbers without decimals."""
    formatted = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return formatted.replace(".", ",") if lang == "id" else formatted
