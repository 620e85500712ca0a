"""EMM-style keyword alert: a list of Indonesian conflict words, fired when a text has two hits."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

CONFLICT_WORDS: tuple[str, ...] = (
    "bentrok",
    "bentrokan",
    "konflik",
    "kerusuhan",
    "ricuh",
    "kericuhan",
    "rusuh",
    "tawuran",
    "amuk",
    "mengamuk",
    "amuk massa",
    "main hakim sendiri",
    "perang suku",
    "perang antar",
    "serangan",
    "menyerang",
    "diserang",
    "tembak",
    "ditembak",
    "penembakan",
    "baku tembak",
    "kontak tembak",
    "KKB",
    "OPM",
    "TPNPB",
    "teroris",
    "terorisme",
    "radikal",
    "radikalisme",
    "Densus",
    "demo",
    "demonstrasi",
    "unjuk rasa",
    "berunjuk rasa",
    "aksi massa",
    "mogok",
    "mogok kerja",
    "blokade",
    "memblokade",
    "blokir",
    "menolak",
    "penolakan",
    "sengketa",
    "sengketa lahan",
    "tapal batas",
    "ganti rugi",
    "PHK",
    "pesangon",
    "SARA",
    "ujaran kebencian",
    "intoleransi",
    "penistaan",
    "dibakar",
    "membakar",
    "pembakaran",
    "tewas",
    "luka-luka",
    "korban jiwa",
    "dikeroyok",
    "pengeroyokan",
    "penganiayaan",
    "senjata tajam",
    "panah",
    "provokasi",
    "provokator",
    "politik uang",
    "money politics",
    "PSU",
    "netralitas",
    "Kesbangpol",
    "FKUB",
    "FKDM",
    "konflik sosial",
    "rekonsiliasi",
    "mediasi",
    "perdamaian",
    "damai",
    "ketegangan",
    "memanas",
    "separatis",
    "separatisme",
    "pengungsi",
    "mengungsi",
    "rawan konflik",
    "kerawanan",
    "segel",
    "disegel",
    "menyegel",
    "penyegelan",
    "pendemo",
    "intimidasi",
    "teror",
    "mencekam",
    "penjarahan",
    "menjarah",
    "tolak",
    "dihadang",
    "menghadang",
    "bintang kejora",
)


def pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any keyword as a whole word, longest first."""
    ordered = sorted({word.lower() for word in words}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in ordered) + r")(?!\w)", re.I)


class KeywordAlert:
    """Fires when a text holds at least `min_hits` conflict-word occurrences (EMM alert style)."""

    def __init__(self, words: Iterable[str] = CONFLICT_WORDS, min_hits: int = 2) -> None:
        self.words = tuple(words)
        self.min_hits = min_hits
        self._regex = pattern(self.words)

    def hits(self, text: str) -> int:
        """How many keyword occurrences the text holds."""
        return len(self._regex.findall(text or ""))

    def fit(self, texts: Iterable[str], y: Iterable[int] | None = None) -> KeywordAlert:
        """Nothing to learn; present so the baseline runs in the same CV loop as the models."""
        return self

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        """1 where the alert fires, else 0."""
        return np.array([int(self.hits(text) >= self.min_hits) for text in texts], dtype=int)

    def score(self, texts: Iterable[str]) -> np.ndarray:
        """Hit counts, usable as a ranking score."""
        return np.array([self.hits(text) for text in texts], dtype=float)
