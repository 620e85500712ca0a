"""Benchmark: region tagging of 500-word articles vs bare spacy.blank("id") tokenization, one core.

Usage: python -m bench.tag [--n 400] [--words 500]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import spacy

from nlp.pipeline import build_nlp, regions_only
from nlp.regions import compose, resolve

PLACES = [
    "Kabupaten Banjar",
    "Martapura",
    "Kota Banjarmasin",
    "Kalimantan Selatan",
    "Kabupaten Bima",
    "NTB",
    "Kota Bandung",
    "Kabupaten Bogor",
    "Jawa Barat",
    "Kota Malang",
    "Kabupaten Kediri",
    "Jatim",
    "Kabupaten Mimika",
    "Timika",
    "Papua Tengah",
    "Kota Palu",
    "Sigi",
    "Sulteng",
    "Kotabaru",
    "Kabupaten Pati",
    "Jawa Tengah",
    "Kota Kupang",
    "NTT",
    "Kabupaten Agam",
    "Sumbar",
    "Kecamatan Woha",
]
SENTENCES = [
    "Warga di {p} menggelar rapat koordinasi bersama aparat desa pada Senin pagi.",
    "Menurut keterangan polisi, situasi di {p} kini sudah kondusif dan terkendali.",
    "Pemerintah daerah {p} menyalurkan bantuan beras kepada ratusan keluarga penerima manfaat.",
    "Ketua DPRD {p} meminta semua pihak menahan diri dan mengedepankan dialog.",
    "Sejumlah tokoh masyarakat dan tokoh agama hadir dalam pertemuan tersebut.",
    "Harga cabai dan bawang merah di pasar tradisional terus naik sejak pekan lalu.",
    "Kapolres {p} menyebut pihaknya telah menurunkan personel gabungan ke lokasi.",
    "Masyarakat diimbau tidak mudah terpancing kabar bohong yang beredar di media sosial.",
    "Acara itu berlangsung hingga sore hari dan ditutup dengan doa bersama.",
    "Ia berharap kejadian serupa tidak terulang lagi pada masa mendatang.",
    "Petugas masih mengumpulkan keterangan dari para saksi di lapangan.",
    "Menurutnya, persoalan lahan itu sudah berlangsung sejak beberapa tahun lalu.",
    "Pihak perusahaan belum memberikan tanggapan resmi hingga berita ini diturunkan.",
    "Sebanyak 12 orang dimintai keterangan terkait peristiwa tersebut, kata dia.",
    "Rapat lanjutan dijadwalkan pekan depan dengan melibatkan lebih banyak pihak.",
]


SYLLABLES = ["ba", "di", "ko", "ma", "ra", "su", "ti", "wa", "ng", "an", "er", "lu", "pe", "sa", "ya", "hu"]


def name(rng: random.Random) -> str:
    """A made-up proper name, so that the texts have a realistic share of distinct words."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def sentence(rng: random.Random) -> str:
    """One sentence of a template, with a place, a person, a figure and a date filled in."""
    text = rng.choice(SENTENCES).format(p=rng.choice(PLACES))
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    return f"{text} {name(rng)} ({rng.randint(20, 70)}), warga {name(rng)}, hadir pada {day}/{month}."


def article(rng: random.Random, words: int) -> tuple[str, str]:
    """A generated news text of about `words` words with a dateline and region names."""
    place = rng.choice(PLACES)
    parts = [f"{place.split()[-1].upper()} – Bentrokan warga terjadi di {place}, Kamis (28/11/2019)."]
    count = len(parts[0].split())
    while count < words:
        parts.append(sentence(rng))
        count += len(parts[-1].split())
    return f"Warga {place} Bentrok, Aparat Turun Tangan", " ".join(parts)


def rates(funcs: list[Callable[[], int]], repeat: int = 5) -> list[float]:
    """Best items/s of each function (which returns how many items it did), runs interleaved so that
    a busy machine slows every contender alike."""
    best = [0.0] * len(funcs)
    for _ in range(repeat):
        for index, func in enumerate(funcs):
            start = time.perf_counter()
            n = func()
            best[index] = max(best[index], n / (time.perf_counter() - start))
    return best


def main() -> None:
    """Print articles/s of bare tokenization and of region tagging, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--words", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(7)
    texts = [compose(*article(rng, args.words)) for _ in range(args.n)]
    bare = spacy.blank("id")
    nlp = build_nlp()

    def tokenize() -> int:
        return sum(1 for _ in bare.pipe(text for text, _ in texts))

    def place() -> int:
        with regions_only(nlp):
            docs = nlp.pipe(text for text, _ in texts)
            return len([resolve(d, chars, None, text) for d, (text, chars) in zip(docs, texts, strict=True)])

    def full() -> int:
        docs = nlp.pipe(text for text, _ in texts)
        return len([resolve(d, chars, None, text) for d, (text, chars) in zip(docs, texts, strict=True)])

    bare_rate, place_rate, full_rate = rates([tokenize, place, full])
    words = sum(len(text.split()) for text, _ in texts) / len(texts)
    print(f"{args.n} generated articles, {words:.0f} words each on average, one process")
    print(f"  bare spacy.blank('id') tokenization   {bare_rate:8.1f} articles/s")
    print(
        f"  region tagging (matcher + resolver)   {place_rate:8.1f} articles/s  "
        f"{place_rate / bare_rate:.2f}x bare (target >= 0.5x)"
    )
    print(
        f"  build_nlp() pipeline (+ {', '.join(nlp.pipe_names[1:]) or 'nothing'})"
        f"  {full_rate:8.1f} articles/s  {full_rate / bare_rate:.2f}x bare"
    )


if __name__ == "__main__":
    main()
