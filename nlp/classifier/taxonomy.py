"""The labels, once: conflict, the ten themes (Indonesian and English) and the impact fields."""

from __future__ import annotations

from dataclasses import dataclass

CONFLICT = "conflict"
CONFLICT_DESCRIPTION = {
    "id": (
        "Berita tentang konflik sosial, ketegangan atau kekerasan kolektif yang terjadi atau berpotensi "
        "terjadi, atau tentang pencegahan, penghentian dan pemulihannya (UU No. 7/2012)."
    ),
    "en": (
        "About an actual or potential social conflict, collective tension or collective violence, or about "
        "preventing, stopping or recovering from one (Law 7/2012)."
    ),
}


@dataclass(frozen=True)
class Theme:
    """One theme label with its descriptions in Indonesian and English."""

    name: str
    id: str
    en: str


THEME_LIST: tuple[Theme, ...] = (
    Theme(
        "election",
        "Ketegangan pilkada, pemilu, pilkades: sengketa hasil, politik uang, bentrok kampanye, "
        "netralitas ASN.",
        "Tension around pilkada, pemilu, pilkades: disputed results, money politics, campaign clashes, "
        "neutrality of officials.",
    ),
    Theme(
        "land_resource",
        "Sengketa lahan, perkebunan sawit, tambang, hutan, air, wilayah tangkap, tapal batas desa/daerah.",
        "Land, plantation, mining, forest, water and fishing-ground disputes; boundary disputes.",
    ),
    Theme(
        "identity",
        "Konflik etnis, agama, SARA, ujaran kebencian, penolakan rumah ibadah.",
        "Ethnic and religious conflict, SARA, hate speech, rejection of houses of worship.",
    ),
    Theme(
        "communal_violence",
        "Bentrok antarwarga atau antarkelompok, tawuran, amuk massa, main hakim sendiri, "
        "pembakaran oleh massa.",
        "Clashes between villages or groups, tawuran, mob violence, vigilantism, arson by crowds.",
    ),
    Theme(
        "protest",
        "Demonstrasi, unjuk rasa, mogok, blokade jalan.",
        "Demonstrations, strikes, rallies, blockades.",
    ),
    Theme(
        "separatism_insurgency",
        "Kelompok bersenjata di Papua (KKB/OPM), terorisme, radikalisme.",
        "Armed groups in Papua (KKB/OPM), terrorism, radicalism.",
    ),
    Theme(
        "labor",
        "PHK, sengketa upah, konflik buruh dengan perusahaan.",
        "Layoffs, wage disputes, worker-company conflicts.",
    ),
    Theme(
        "governance",
        "Korupsi atau kebijakan yang memicu keresahan, sengketa warga dengan pejabat, penolakan kebijakan, "
        "sengketa kepala desa.",
        "Corruption or policy that triggers unrest, disputes between citizens and officials, rejected "
        "policies, village-head disputes.",
    ),
    Theme(
        "crime_security",
        "Kejahatan kekerasan berdampak sosial, kerusuhan, operasi keamanan, bentrok polisi dan warga.",
        "Violent crime with social impact, riots, security operations, police-community clashes.",
    ),
    Theme(
        "prevention",
        "Pencegahan, deteksi dini, mediasi, bina damai dan pemulihan pascakonflik: rakor Kesbangpol, FKDM, "
        "FKUB, Timdu PKS, Forkopimda.",
        "Prevention, early warning, mediation, peace-building and post-conflict recovery: Kesbangpol, FKDM, "
        "FKUB, Timdu PKS, Forkopimda meetings.",
    ),
)
THEMES: tuple[str, ...] = tuple(theme.name for theme in THEME_LIST)
THEME_BY_NAME: dict[str, Theme] = {theme.name: theme for theme in THEME_LIST}

# The model's outputs, in column order: the conflict head, then one column per theme.
LABELS: tuple[str, ...] = (CONFLICT, *THEMES)

IMPACT_FIELDS: tuple[str, ...] = ("killed", "injured", "damaged")
IMPACT_DESCRIPTION = {
    "killed": {"id": "orang tewas / meninggal", "en": "people killed"},
    "injured": {"id": "orang luka-luka", "en": "people injured"},
    "damaged": {
        "id": "bangunan atau kendaraan rusak / dibakar",
        "en": "buildings or vehicles damaged or burned",
    },
}


def empty_impact() -> dict[str, int]:
    """An impact record with every field at zero."""
    return dict.fromkeys(IMPACT_FIELDS, 0)


def is_theme(name: str) -> bool:
    """True when `name` is one of the ten theme labels."""
    return name in THEME_BY_NAME


# Seed words per theme (Indonesian), used as prior features by the classifier and as a cue for analysts.
THEME_SEEDS: dict[str, tuple[str, ...]] = {
    "election": (
        "pilkada",
        "pemilu",
        "pilkades",
        "pileg",
        "pilpres",
        "kpu",
        "bawaslu",
        "panwaslu",
        "politik uang",
        "money politics",
        "psu",
        "pemungutan suara ulang",
        "rekapitulasi",
        "netralitas",
        "kampanye",
        "paslon",
        "calon bupati",
        "sengketa hasil",
        "tps",
        "pleno",
    ),
    "land_resource": (
        "lahan",
        "sawit",
        "tambang",
        "perkebunan",
        "hgu",
        "hutan",
        "tapal batas",
        "batas desa",
        "ganti rugi",
        "ulayat",
        "tanah adat",
        "sengketa tanah",
        "nelayan",
        "wilayah tangkap",
        "psn",
        "penambangan",
        "konsesi",
        "agraria",
        "plasma",
    ),
    "identity": (
        "sara",
        "agama",
        "gereja",
        "masjid",
        "rumah ibadah",
        "ibadah",
        "ujaran kebencian",
        "penistaan",
        "etnis",
        "suku",
        "intoleransi",
        "intoleran",
        "umat",
        "ahmadiyah",
        "syiah",
        "kebencian",
        "rasis",
        "rasisme",
        "fkub",
    ),
    "communal_violence": (
        "bentrok",
        "bentrokan",
        "tawuran",
        "antarwarga",
        "antar desa",
        "antardesa",
        "antarkampung",
        "perang suku",
        "amuk massa",
        "main hakim sendiri",
        "dikeroyok",
        "pengeroyokan",
        "busur",
        "panah",
        "massa",
        "antarkelompok",
        "dibakar massa",
    ),
    "protest": (
        "demo",
        "demonstrasi",
        "unjuk rasa",
        "berunjuk rasa",
        "aksi",
        "massa aksi",
        "orasi",
        "mogok",
        "blokade",
        "memblokade",
        "blokir",
        "menyegel",
        "disegel",
        "long march",
        "tuntutan",
        "aliansi",
        "mahasiswa",
        "pendemo",
        "spanduk",
        "audiensi",
    ),
    "separatism_insurgency": (
        "kkb",
        "opm",
        "tpnpb",
        "teroris",
        "terorisme",
        "densus",
        "radikal",
        "radikalisme",
        "separatis",
        "kelompok kriminal bersenjata",
        "bintang kejora",
        "jad",
        "jamaah islamiyah",
        "mit",
        "satgas damai cartenz",
        "baku tembak",
    ),
    "labor": (
        "buruh",
        "pekerja",
        "karyawan",
        "phk",
        "pesangon",
        "upah",
        "ump",
        "umk",
        "serikat",
        "mogok kerja",
        "tenaga kerja",
        "disnaker",
        "bipartit",
        "tripartit",
        "outsourcing",
    ),
    "governance": (
        "korupsi",
        "kepala desa",
        "dana desa",
        "kades",
        "pemberhentian",
        "mundur",
        "kebijakan",
        "inspektorat",
        "penyalahgunaan",
        "anggaran",
        "pungli",
        "dprd",
        "pejabat",
        "bupati",
        "transparansi",
        "penjabat",
        "pj",
    ),
    "crime_security": (
        "kerusuhan",
        "rusuh",
        "ricuh",
        "polisi",
        "polres",
        "polsek",
        "brimob",
        "penembakan",
        "ditembak",
        "senjata",
        "penganiayaan",
        "kapolres",
        "diamankan",
        "tersangka",
        "kriminal",
        "penjarahan",
        "lapas",
        "narapidana",
    ),
    "prevention": (
        "kesbangpol",
        "fkdm",
        "fkub",
        "timdu",
        "forkopimda",
        "deteksi dini",
        "kewaspadaan",
        "pencegahan",
        "mediasi",
        "rekonsiliasi",
        "perdamaian",
        "damai",
        "kondusif",
        "rapat koordinasi",
        "rakor",
        "kerukunan",
        "musyawarah",
        "dialog",
        "silaturahmi",
        "penanganan konflik",
    ),
}
