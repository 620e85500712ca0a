"""The workbench's words in Indonesian (the default) and English, and the themes' short names."""

from __future__ import annotations

LANGS = ("id", "en")
LANG_COOKIE = "waspada_lang"

THEME_NAMES = {
    "id": {
        "election": "Pemilu & pilkada",
        "land_resource": "Sengketa lahan & sumber daya",
        "identity": "Identitas (SARA)",
        "communal_violence": "Kekerasan komunal",
        "protest": "Unjuk rasa",
        "separatism_insurgency": "Separatisme & kelompok bersenjata",
        "labor": "Perburuhan",
        "governance": "Tata kelola & kebijakan",
        "crime_security": "Kriminalitas & keamanan",
        "prevention": "Pencegahan & bina damai",
    },
    "en": {
        "election": "Elections",
        "land_resource": "Land & resources",
        "identity": "Identity (ethnicity, religion)",
        "communal_violence": "Communal violence",
        "protest": "Protest",
        "separatism_insurgency": "Separatism & insurgency",
        "labor": "Labour",
        "governance": "Governance & policy",
        "crime_security": "Crime & security",
        "prevention": "Prevention & peace-building",
    },
}

WORDS = {
    "id": {
        "label": "Label analis",
        "conflict_q": "Konflik sosial (UU 7/2012)?",
        "yes": "ya",
        "no": "tidak",
        "unsure": "ragu-ragu",
        "review": "perlu ditinjau",
        "duplicate_of": "Salinan dari artikel",
        "similarity": "kemiripan",
        "duplicate_note": "dihitung sekali, bersama aslinya, dan tidak masuk antrean label",
        "themes": "Tema (hanya bila konflik)",
        "place": "Tempat",
        "place_hint": "Ketik nama kabupaten/kota atau provinsi…",
        "note": "Catatan",
        "save_next": "Simpan & berikutnya",
        "save": "Simpan",
        "skip": "Lewati",
        "model": "Model",
        "score": "skor",
        "none": "tidak ada",
        "untitled": "(tanpa judul)",
        "untagged": "Belum ditandai model.",
        "published": "Terbit",
        "source": "Sumber asli",
        "places": "Tempat menurut penanda wilayah",
        "impact": "Dampak",
        "at_least": "sedikitnya",
        "no_impact": "teks tidak menyebut angka korban atau kerusakan",
        "killed": "tewas",
        "injured": "luka",
        "damaged": "rusak",
        "labels": "Label sebelumnya",
        "login": "Masuk sebagai analis untuk memberi label",
        "queue": "Antrean label",
        "province_wide": "seluruh provinsi",
        "not_found": "Artikel tidak ditemukan.",
        "switch": "English",
        "conflicting": "Label analis saling bertentangan: label baru dari peninjau menyelesaikannya.",
        "queue_intro": "Artikel yang belum berlabel: lebih dulu yang perlu ditinjau (di antara dua batas "
        "model), lalu yang paling diragukan model (skor konflik dekat 0,5; yang belum ditandai dihitung agak "
        "ragu).",
        "queue_login": "Masuk untuk memberi label.",
        "queue_start": "Mulai dari yang pertama",
        "queue_then": "setelah tiap label Anda lanjut ke artikel berikutnya.",
        "queue_empty": "Tidak ada yang perlu dilabeli: setiap artikel sudah berlabel.",
        "title": "judul",
        "outlet": "media",
        "date": "tanggal",
        "conflict_score": "skor konflik",
        "map_credit": "batas: cahyadsn/wilayah_boundaries (MIT)",
        "log_in": "Masuk analis",
        "log_out": "Keluar",
        "login_intro": "Akun dibuat oleh operator dengan",
        "user": "Nama pengguna",
        "password": "Kata sandi",
        "login_button": "Masuk",
        "login_failed": "Nama pengguna tidak dikenal atau kata sandi salah.",
        "login_throttled": "Terlalu banyak percobaan gagal; coba lagi dalam {minutes} menit.",
        "logged_in": "Masuk sebagai {name}",
    },
    "en": {
        "label": "Analyst's label",
        "conflict_q": "Social conflict (UU 7/2012)?",
        "yes": "yes",
        "no": "no",
        "unsure": "unsure",
        "review": "to review",
        "duplicate_of": "A copy of article",
        "similarity": "similarity",
        "duplicate_note": "counted once, with its original, and kept out of the label queue",
        "themes": "Themes (only when conflict)",
        "place": "Place",
        "place_hint": "Type a kabupaten/kota or province name…",
        "note": "Note",
        "save_next": "Save & next",
        "save": "Save",
        "skip": "Skip",
        "model": "Model",
        "score": "score",
        "none": "none",
        "untitled": "(untitled)",
        "untagged": "Not tagged by a model yet.",
        "published": "Published",
        "source": "Original article",
        "places": "Place found by the region tagger",
        "impact": "Impact",
        "at_least": "at least",
        "no_impact": "the text gives no count of casualties or damage",
        "killed": "killed",
        "injured": "injured",
        "damaged": "damaged",
        "labels": "Earlier labels",
        "login": "Log in as an analyst to label",
        "queue": "Label queue",
        "province_wide": "province-wide",
        "not_found": "No such article.",
        "switch": "Bahasa Indonesia",
        "conflicting": "Analysts' labels contradict each other: a reviewer's newer label resolves it.",
        "queue_intro": "Unlabeled articles: those to review (between the model's two cuts) first, then "
        "those the model is least sure about (conflict score near 0.5; untagged ones count as fairly "
        "unsure).",
        "queue_login": "Log in to label them.",
        "queue_start": "Start with the first one",
        "queue_then": "after each label you go to the next.",
        "queue_empty": "Nothing to label: every article has a label.",
        "title": "title",
        "outlet": "outlet",
        "date": "date",
        "conflict_score": "conflict score",
        "map_credit": "boundaries: cahyadsn/wilayah_boundaries (MIT)",
        "log_in": "Analyst log in",
        "log_out": "Log out",
        "login_intro": "Accounts are created by an operator with",
        "user": "User",
        "password": "Password",
        "login_button": "Log in",
        "login_failed": "Unknown user or wrong password.",
        "login_throttled": "Too many failed log-ins; try again in {minutes} minutes.",
        "logged_in": "Logged in as {name}",
    },
}


def request_language(request: object) -> str:
    """The language of a request: ?lang=, then the cookie, then Indonesian."""
    return language(request.args.get("lang"), request.cookies.get(LANG_COOKIE))  # type: ignore[attr-defined]


def language(query: str | None, cookie: str | None, default: str = "id") -> str:
    """The page language: ?lang= first, then the cookie, then Indonesian."""
    for choice in (query, cookie):
        if choice in LANGS:
            return choice
    return default
