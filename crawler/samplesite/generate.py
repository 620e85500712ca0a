"""Generated benchmark articles: seeded recombination of Indonesian regional-news sentence templates."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from typing import Any

from crawler.samplesite.catalog import DAYS

SEED = 20261103
START = datetime(2026, 9, 1, 6, 0)
SPAN_MINUTES = 88 * 24 * 60
REGIONS = [  # province, regency, dateline town, regency name, zone, two kecamatan
    ("63", "63.71", "Banjarmasin", "Kota Banjarmasin", "WITA", ("Banjarmasin Utara", "Banjarmasin Timur")),
    ("63", "63.72", "Banjarbaru", "Kota Banjarbaru", "WITA", ("Landasan Ulin", "Cempaka")),
    ("63", "63.03", "Martapura", "Kabupaten Banjar", "WITA", ("Astambul", "Mataraman")),
    ("63", "63.04", "Marabahan", "Kabupaten Barito Kuala", "WITA", ("Alalak", "Tabukan")),
    ("63", "63.09", "Tanjung", "Kabupaten Tabalong", "WITA", ("Murung Pudak", "Haruai")),
    ("63", "63.10", "Batulicin", "Kabupaten Tanah Bumbu", "WITA", ("Simpang Empat", "Kusan Hilir")),
    ("63", "63.02", "Kotabaru", "Kabupaten Kotabaru", "WITA", ("Pulau Laut Utara", "Kelumpang Hulu")),
    ("63", "63.01", "Pelaihari", "Kabupaten Tanah Laut", "WITA", ("Jorong", "Bati-Bati")),
    ("63", "63.06", "Kandangan", "Kabupaten Hulu Sungai Selatan", "WITA", ("Angkinang", "Telaga Langsat")),
    ("63", "63.07", "Barabai", "Kabupaten Hulu Sungai Tengah", "WITA", ("Batu Benawa", "Pandawan")),
    ("64", "64.72", "Samarinda", "Kota Samarinda", "WITA", ("Samarinda Ulu", "Sungai Kunjang")),
    ("64", "64.71", "Balikpapan", "Kota Balikpapan", "WITA", ("Balikpapan Utara", "Balikpapan Selatan")),
    ("62", "62.71", "Palangka Raya", "Kota Palangka Raya", "WIB", ("Jekan Raya", "Pahandut")),
    ("62", "62.02", "Sampit", "Kabupaten Kotawaringin Timur", "WIB", ("Baamang", "Mentawa Baru Ketapang")),
    ("73", "73.71", "Makassar", "Kota Makassar", "WITA", ("Tamalate", "Panakkukang")),
    ("91", "91.71", "Jayapura", "Kota Jayapura", "WIT", ("Abepura", "Heram")),
    ("81", "81.71", "Ambon", "Kota Ambon", "WIT", ("Sirimau", "Nusaniwe")),
    ("52", "52.71", "Mataram", "Kota Mataram", "WITA", ("Ampenan", "Cakranegara")),
]
OUTLET_REGIONS = {
    "mediacenter": REGIONS[:10],
    "kabarnusantara": REGIONS,
    "wartatimur": REGIONS[:2] + REGIONS[5:7] + REGIONS[10:12] + REGIONS[14:],
}
VILLAGES = [
    "Sungai Lulut",
    "Pematang Baru",
    "Tatah Makmur",
    "Karang Intan",
    "Sei Tabuk",
    "Batu Ampar",
    "Sumber Jaya",
    "Tanjung Harapan",
    "Teluk Selong",
    "Padang Luas",
    "Mekar Sari",
    "Bunglai",
]
COMPANIES = [
    "PT Sawit Makmur Lestari",
    "PT Borneo Tambang Jaya",
    "PT Agro Banua Sejahtera",
    "PT Karya Batu Mandiri",
]
REPORTERS = [
    "Rahmadi",
    "Siti Aminah",
    "Yudi Hartono",
    "Nurul Hidayah",
    "Fajar Ramadhan",
    "Dewi Lestari",
    "Ahmad Rizani",
    "Lilis Suryani",
    None,
]
NUMBERS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]

# Each scenario: gold labels, categories, title and paragraph templates ("|" separates alternatives).
SCENARIOS: list[dict[str, Any]] = [
    {
        "conflict": True,
        "themes": ["prevention"],
        "category": "Pemerintahan",
        "tags": ["Kesbangpol", "FKDM"],
        "titles": [
            "Bakesbangpol {wilayah} Gelar Rakor Kewaspadaan Dini",
            "FKDM {wilayah} Petakan Potensi Konflik",
        ],
        "body": [
            "{lead} Badan Kesatuan Bangsa dan Politik {wilayah} menggelar rapat koordinasi kewaspadaan dini "
            "bersama Forum Kewaspadaan Dini Masyarakat (FKDM) dan unsur Forkopimda.",
            "Rapat memetakan potensi gesekan sosial di Kecamatan {kec}, termasuk sengketa batas desa "
            "dan penyebaran kabar bohong di media sosial.|Peserta membahas laporan warga tentang "
            "potensi gesekan antarkelompok pemuda di Kecamatan {kec}.",
            '"Deteksi dini harus berjalan sampai tingkat RT. Jangan tunggu masalah membesar," kata kepala '
            "badan dalam sambutannya.|Kepala badan meminta camat dan lurah aktif melaporkan setiap potensi "
            "konflik sekecil apa pun.",
            "Rakor ditutup dengan kesepakatan membentuk posko pengaduan bersama di setiap kecamatan.",
        ],
    },
    {
        "conflict": True,
        "themes": ["election"],
        "category": "Politik",
        "tags": ["Pilkades", "Bawaslu"],
        "titles": [
            "Bawaslu {wilayah} Telusuri Dugaan Politik Uang Jelang Pilkades",
            "Pendukung Calon Kades di {kec} Saling Lapor, Panitia Minta Warga Tenang",
        ],
        "body": [
            "{lead} Menjelang pemilihan kepala desa serentak, tensi antarpendukung calon di Desa {desa1}, "
            "Kecamatan {kec}, {wilayah}, meningkat.",
            "Panitia menerima {n} laporan dugaan pembagian uang dan sembako kepada pemilih.|Sejumlah baliho "
            "calon dilaporkan dirusak orang tak dikenal pada malam hari.",
            "Pengawas meminta para calon mengendalikan pendukungnya dan menyelesaikan keberatan melalui "
            "jalur resmi.",
            "Polisi menyiagakan personel di sekitar lokasi pemungutan suara.|Pemungutan suara dijadwalkan "
            "berlangsung akhir bulan ini.",
        ],
    },
    {
        "conflict": True,
        "themes": ["land_resource"],
        "category": "Daerah",
        "tags": ["Sengketa Lahan"],
        "titles": [
            "Warga {desa1} Tolak Aktivitas {perusahaan}, Persoalkan Lahan Adat",
            "Sengketa Lahan Plasma, Warga {desa1} Blokade Jalan Kebun",
        ],
        "body": [
            "{lead} Puluhan warga Desa {desa1}, Kecamatan {kec}, {wilayah}, memasang portal di jalan "
            "kebun milik {perusahaan} sebagai bentuk protes atas lahan yang mereka klaim milik adat.",
            "Warga menilai perusahaan menggarap lahan di luar izin hak guna usaha.|Mereka menuntut pembagian "
            "kebun plasma yang dijanjikan sejak beberapa tahun lalu.",
            "Perwakilan perusahaan menyatakan siap berdialog dan menunjukkan dokumen perizinan.",
            "Pemerintah kabupaten berencana memfasilitasi pertemuan kedua pihak pekan depan.",
        ],
    },
    {
        "conflict": True,
        "themes": ["communal_violence"],
        "category": "Hukum",
        "tags": ["Tawuran", "Keamanan"],
        "impact": True,
        "titles": [
            "Tawuran Pemuda {desa1} dan {desa2}, {N} Orang Luka-luka",
            "Bentrok Antarkampung di {kec}, {M} Rumah Rusak",
        ],
        "body": [
            "{lead} Bentrokan antara kelompok pemuda Desa {desa1} dan Desa {desa2}, Kecamatan {kec}, "
            "{wilayah}, pecah pada malam hari dipicu saling ejek di acara hiburan.",
            "Akibat kejadian itu {n} orang luka-luka dan {m} rumah rusak dilempari batu.",
            "Aparat gabungan TNI dan Polri berjaga di perbatasan kedua desa untuk mencegah bentrokan susulan."
            "|Kapolsek setempat memastikan situasi sudah kondusif dan meminta warga tidak terprovokasi.",
            "Tokoh masyarakat kedua desa dijadwalkan bertemu untuk berdamai.",
        ],
    },
    {
        "conflict": True,
        "themes": ["labor", "protest"],
        "category": "Ekonomi",
        "tags": ["Buruh", "Unjuk Rasa"],
        "titles": [
            "Ratusan Buruh {perusahaan} Mogok Kerja Tuntut Upah",
            "Buruh Unjuk Rasa di Kantor Disnaker {wilayah}",
        ],
        "body": [
            "{lead} Ratusan buruh {perusahaan} di {wilayah} berunjuk rasa menuntut pembayaran upah "
            "lembur dan kejelasan status kerja.",
            "Massa berorasi secara bergantian di depan kantor Dinas Tenaga Kerja.|Buruh menghentikan "
            "aktivitas produksi selama {n} jam.",
            "Perwakilan buruh diterima pejabat dinas untuk berdialog.",
            "Dinas berjanji memanggil manajemen perusahaan dalam waktu dekat.",
        ],
    },
    {
        "conflict": True,
        "themes": ["protest", "governance"],
        "category": "Daerah",
        "tags": ["Dana Desa", "Demo"],
        "titles": [
            "Warga Demo Kantor Desa {desa1}, Tuntut Transparansi Dana Desa",
            "Tolak Kenaikan Retribusi, Pedagang Pasar {kota} Datangi DPRD",
        ],
        "body": [
            "{lead} Puluhan warga mendatangi kantor Desa {desa1}, Kecamatan {kec}, {wilayah}, menuntut "
            "kepala desa membuka laporan penggunaan dana desa.",
            "Warga membawa poster berisi tuntutan dan sempat bersitegang dengan perangkat desa.",
            "Camat yang datang ke lokasi meminta inspektorat melakukan audit.|Kepala desa berjanji menggelar "
            "musyawarah terbuka pekan depan.",
            "Aksi berakhir tertib setelah perwakilan warga diterima.",
        ],
    },
    {
        "conflict": False,
        "themes": [],
        "category": "Daerah",
        "tags": ["Infrastruktur"],
        "titles": [
            "Perbaikan Jalan di {kec} Ditargetkan Rampung Desember",
            "Jembatan {desa1} Mulai Dibangun",
        ],
        "body": [
            "{lead} Pemerintah {wilayah} mempercepat perbaikan jalan penghubung antardesa di Kecamatan "
            "{kec} sepanjang {n} kilometer.",
            "Pekerjaan meliputi pengaspalan dan pembuatan saluran drainase.",
            "Warga berharap jalan yang mulus memperlancar pengangkutan hasil pertanian.",
            "Dinas PUPR menargetkan pekerjaan selesai sebelum akhir tahun.",
        ],
    },
    {
        "conflict": False,
        "themes": [],
        "category": "Kesehatan",
        "tags": ["Posyandu", "Imunisasi"],
        "titles": [
            "Dinkes {wilayah} Gencarkan Imunisasi Anak di Posyandu",
            "Cegah Stunting, Kader Posyandu {kec} Dilatih",
        ],
        "body": [
            "{lead} Dinas Kesehatan {wilayah} menggencarkan imunisasi dasar lengkap bagi balita di seluruh "
            "posyandu.",
            "Petugas mendatangi {n} posyandu di Kecamatan {kec}.",
            "Orang tua diminta membawa buku kesehatan ibu dan anak saat jadwal imunisasi.",
            "Cakupan imunisasi ditargetkan di atas 95 persen tahun ini.",
        ],
    },
    {
        "conflict": False,
        "themes": [],
        "category": "Olahraga",
        "tags": ["Sepak Bola"],
        "titles": [
            "Bentrok Jadwal, Final Turnamen Sepak Bola Antarkecamatan Diundur",
            "Kesebelasan {desa1} Juara Turnamen Bupati Cup",
        ],
        "body": [
            "{lead} Laga final turnamen sepak bola antarkecamatan di {wilayah} diundur karena bentrok "
            "jadwal dengan kegiatan peringatan hari jadi daerah.",
            "Panitia memastikan final antara kesebelasan {desa1} dan {desa2} tetap digelar di stadion utama.",
            "Ribuan penonton diperkirakan memadati stadion.",
            "Panitia menyiapkan hadiah dan piala bergilir bagi juara.",
        ],
    },
    {
        "conflict": False,
        "themes": [],
        "category": "Peristiwa",
        "tags": ["Banjir", "Bencana"],
        "titles": [
            "Banjir Rendam Ratusan Rumah di {kec}",
            "Hujan Deras, Sejumlah Ruas Jalan di {kota} Tergenang",
        ],
        "body": [
            "{lead} Hujan deras sejak dini hari membuat sungai meluap dan merendam permukiman warga di "
            "Kecamatan {kec}, {wilayah}.",
            "BPBD mencatat {n} desa terdampak dengan ketinggian air mencapai lutut orang dewasa.",
            "Petugas membuka dapur umum dan menyalurkan bantuan makanan siap saji.",
            "Warga diimbau waspada karena curah hujan diperkirakan masih tinggi.",
        ],
    },
    {
        "conflict": False,
        "themes": [],
        "category": "Ekonomi",
        "tags": ["Harga Pangan"],
        "titles": ["Harga Cabai di Pasar {kota} Naik Jelang Akhir Tahun", "Stok Beras di {wilayah} Aman"],
        "body": [
            "{lead} Harga cabai rawit di pasar tradisional {kota} naik menjadi Rp{harga} per kilogram.",
            "Pedagang menyebut pasokan dari daerah sentra berkurang akibat cuaca.",
            "Dinas Perdagangan memantau harga setiap hari dan menyiapkan operasi pasar.",
            "Pemerintah memastikan stok bahan pokok cukup hingga akhir tahun.",
        ],
    },
]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def lead(outlet: str, town: str, moment: datetime) -> str:
    """The dateline that opens the first paragraph, in each outlet's habit."""
    day = f"{DAYS[moment.weekday()]} ({moment.day}/{moment.month}/{moment.year})"
    if outlet == "kabarnusantara":
        return f"{town.upper()}, Kabar Nusantara –"
    if outlet == "wartatimur":
        return f"{town}, {day} –"
    return f"{town}, {day} –"


def pick(rng: random.Random, template: str) -> str:
    return rng.choice(template.split("|"))


def one_article(n: int, rng: random.Random) -> dict[str, Any]:
    """The n-th generated article (outlets in turn, time, region, scenario and wording seeded)."""
    outlet = ("mediacenter", "kabarnusantara", "wartatimur")[n % 3]
    province, regency, town, regency_name, tz, districts = rng.choice(OUTLET_REGIONS[outlet])
    scenario = rng.choice(SCENARIOS)
    moment = START + timedelta(minutes=5 * rng.randrange(SPAN_MINUTES // 5))
    moment = moment.replace(hour=rng.randint(6, 21))
    injured, damaged = rng.randint(2, 9), rng.randint(1, 5)
    slots = {
        "wilayah": regency_name,
        "kota": town,
        "kec": rng.choice(districts),
        "desa1": rng.choice(VILLAGES[:6]),
        "desa2": rng.choice(VILLAGES[6:]),
        "perusahaan": rng.choice(COMPANIES),
        "n": NUMBERS[injured],
        "m": NUMBERS[damaged],
        "N": str(injured),
        "M": str(damaged),
        "harga": f"{injured * 10}.000",
        "lead": lead(outlet, town, moment),
    }
    title = pick(rng, rng.choice(scenario["titles"])).format(**slots)
    author = rng.choice(REPORTERS)
    credit = {"mediacenter": f"MC {town}/{(author or 'Red')[:3]}", "wartatimur": "(wt)"}.get(outlet)
    impact = {
        "killed": 0,
        "injured": injured if scenario.get("impact") else 0,
        "damaged": damaged if scenario.get("impact") else 0,
    }
    return {
        "id": f"{slugify(title)[:70].rstrip('-')}-{n:05d}",
        "outlet": outlet,
        "published": f"{moment:%Y-%m-%d %H:%M}",
        "tz": tz,
        "title": title,
        "author": author,
        "credit": credit,
        "category": scenario["category"],
        "tags": list(scenario["tags"]),
        "province": province,
        "regency": regency,
        "conflict": scenario["conflict"],
        "themes": list(scenario["themes"]),
        "impact": impact,
        "event": None,
        "republish_of": None,
        "no_date": False,
        "generated": True,
        "paragraphs": [pick(rng, text).format(**slots) for text in scenario["body"]],
    }


def generate_articles(count: int, existing: set[str] | None = None, seed: int = SEED) -> list[dict[str, Any]]:
    """`count` generated articles, the same for the same seed; ids never clash with `existing`."""
    rng = random.Random(seed)
    existing = existing or set()
    articles = [one_article(n, rng) for n in range(1, count + 1)]
    return [a | {"id": "gen-" + a["id"]} if a["id"] in existing else a for a in articles]
