"""Benchmark: bare spacy.blank("id") tokenization vs region tagging vs full tagging, one core, same texts.

Full tagging is what `waspada tag` does per batch (nlp/tag.py): one spaCy pass (tokens, regions, impact),
the resolver, the classifier with the impact of the same docs, and the rows it would store (the SQLite
writes are timed apart). Timed sections run interleaved and repeated; the best run of each counts.

Usage: python -m bench.tag [--n 400] [--words 500] [--repeat 5] [--real] [--cpu N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import spacy

from nlp.pipeline import build_nlp, fast_tokenizer, regions_only
from nlp.regions.matcher import compose
from nlp.regions.resolver import resolve

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
    "Dalam bentrokan itu dua warga tewas dan 5 orang luka-luka, sementara tiga rumah dibakar massa.",
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


def generated(n: int, words: int) -> list[dict[str, Any]]:
    """n generated article rows as `waspada tag` fetches them."""
    rng = random.Random(7)
    rows = []
    for index in range(n):
        title, text = article(rng, words)
        rows.append({"id": index + 1, "title": title, "text": text, "default_province": None})
    return rows


def real(n: int, words: int) -> list[dict[str, Any]]:
    """n article rows of `words` words stitched from the shared labeled texts (read, never copied)."""
    from nlp.training.dataset import load_labeled

    texts = [ex.text for ex in load_labeled()]
    rows: list[dict[str, Any]] = []
    index = 0
    while len(rows) < n:
        paragraphs: list[str] = []
        missing = words
        while missing > 0:
            cut = texts[index % len(texts)].split(" ")[:missing]
            paragraphs.append(" ".join(cut))
            missing -= len(cut)
            index += 1
        text = "\n\n".join(paragraphs)
        rows.append(
            {"id": len(rows) + 1, "title": f"Artikel {len(rows)}", "text": text, "default_province": None}
        )
    return rows


def rates(funcs: list[Callable[[], int]], repeat: int) -> list[float]:
    """Best items/s of each function (which returns how many items it did), runs interleaved so that
    a busy machine slows every contender alike."""
    best = [0.0] * len(funcs)
    for _ in range(repeat):
        for index, func in enumerate(funcs):
            start = time.perf_counter()
            n = func()
            best[index] = max(best[index], n / (time.perf_counter() - start))
    return best


def first_pass(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """Articles/s of one pass of fresh tokenizers (bare, tuned) over texts they have not seen: the
    repeated runs above reuse spaCy's chunk cache, a stream of new articles only partly does."""
    texts = [compose(row["title"], row["text"])[0] for row in rows]
    best = [0.0, 0.0]
    for _ in range(2):
        for index, nlp in enumerate((spacy.blank("id"), fast_tokenizer(spacy.blank("id")))):
            started = time.perf_counter()
            for _ in nlp.tokenizer.pipe(texts):
                pass
            best[index] = max(best[index], len(texts) / (time.perf_counter() - started))
    return best[0], best[1]


def pin(cpu: int | None) -> int:
    """Pin this process to one core (the given one, else the last allowed) and return it."""
    allowed = sorted(os.sched_getaffinity(0))
    chosen = cpu if cpu is not None else allowed[-1]
    os.sched_setaffinity(0, {chosen})
    return chosen


def classifier() -> tuple[Any, str | None, float | None, str | None]:
    """The current model, its version and file size in MB, or (None, None, None, why not)."""
    try:
        from nlp.classifier.persistence import MODEL_FILE, current_version, load_model, models_dir

        version = current_version()
        model = load_model()
        model.tag([{"title": "Uji", "text": "Dua warga tewas dalam bentrokan."}])
    except Exception as error:  # noqa: BLE001 - a benchmark reports a broken model and carries on
        return None, None, None, f"{type(error).__name__}: {error}"
    size = (models_dir() / str(version) / MODEL_FILE).stat().st_size / 1e6
    return model, version, size, None


def sections(rows: list[dict[str, Any]], model: Any) -> dict[str, Callable[[], int]]:
    """The timed sections, each over all rows in `waspada tag` batches."""
    from nlp.classifier.classify import classify, tag_rows
    from nlp.tag import DEFAULT_BATCH, Batch, Options, place_rows, tag_batch

    texts = [compose(row["title"], row["text"]) for row in rows]
    bare = spacy.blank("id")
    tuned = fast_tokenizer(spacy.blank("id"))
    nlp = build_nlp()
    chunks = [rows[i : i + DEFAULT_BATCH] for i in range(0, len(rows), DEFAULT_BATCH)]

    def tokenize(tokenizer: spacy.language.Language) -> Callable[[], int]:
        return lambda: sum(1 for _ in tokenizer.pipe(text for text, _ in texts))

    def place() -> int:
        with regions_only(nlp):
            docs = nlp.pipe(text for text, _ in texts)
            return len([resolve(d, chars, None, text) for d, (text, chars) in zip(docs, texts, strict=True)])

    def full() -> int:
        done = 0
        for chunk in chunks:
            batch: Batch = tag_batch(chunk, Options())
            places = [place_rows(batch, i) for i in range(len(chunk))]
            records = classify(model, batch.rows, batch.docs) if model is not None else []
            tags = tag_rows(records, [row["id"] for row in chunk], "bench") if records else []
            done += len(places) if model is None else len(tags)
        return done

    timed = {"bare": tokenize(bare), "tuned": tokenize(tuned), "regions": place, "full": full}
    timed.update(classifier_parts(model, rows))
    return timed


def classifier_parts(model: Any, rows: list[dict[str, Any]]) -> dict[str, Callable[[], int]]:
    """The classifier's feature blocks and heads as scikit-learn computes them and as full tagging does
    (the exact caches of nlp.classifier.features.FAST_TRANSFORMS, nlp.classifier.heads.FusedHeads)."""
    if model is None:
        return {}
    from nlp.classifier.features import FAST_TRANSFORMS
    from nlp.classifier.heads import FusedHeads, positive

    docs = model.documents(rows)
    timed: dict[str, Callable[[], int]] = {}
    for name, part in model.vectorizer_.transformer_list:
        make = next((cache for fits, cache in FAST_TRANSFORMS if fits(part)), None)
        if make is not None:
            cache = make(part)
            timed[f"{name} sklearn"] = lambda part=part: part.transform(docs).shape[0]
            timed[f"{name} cached"] = lambda cache=cache: cache.transform(docs).shape[0]
    features = model.transform_documents(rows)
    timed["heads sklearn"] = lambda: len(np.column_stack([positive(h, features) for h in model.heads_]))
    timed["heads fused"] = lambda: len(FusedHeads(model.heads_).predict_proba(features))
    return timed


def with_database(rows: list[dict[str, Any]]) -> float:
    """Articles/s of `waspada tag` end to end (fetch, tag, SQLite writes) on a temporary database, once."""
    from nlp.tag import tag_articles
    from store.db import open_db

    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        db["sources"].insert({"name": "bench"})
        db["articles"].insert_all(
            {
                "title": r["title"],
                "text": r["text"],
                "source": "bench",
                "url": f"https://b.id/{r['id']}",
                "canonical_url": f"https://b.id/{r['id']}",
                "fetched_at": "2026-11-29T00:00:00+00:00",
            }
            for r in rows
        )
        started = time.perf_counter()
        counts = tag_articles(db, progress=False)
        return counts["articles"] / (time.perf_counter() - started)


def startup() -> float:
    """Seconds to build the pipeline and load the model, once per process (kept out of the rates)."""
    from nlp.classifier.classify import _model_for

    started = time.perf_counter()
    build_nlp()
    _model_for(None)
    return time.perf_counter() - started


def end_to_end(args: argparse.Namespace) -> None:
    """Child process: `waspada tag` over the rows on a temporary database; print rate and peak RSS."""
    rows = real(args.n, args.words) if args.real else generated(args.n, args.words)
    seconds = startup()
    rate = with_database(rows)
    print(json.dumps({"rate": rate, "startup_s": seconds, "peak_rss_mb": peak_rss()}))


def run_end_to_end(args: argparse.Namespace, cpu: int) -> dict[str, float]:
    """`waspada tag` end to end in a fresh process (its RSS is what a tagging run needs)."""
    command = [sys.executable, "-m", "bench.tag", "--end-to-end", "--n", str(args.n)]
    command += ["--words", str(args.words), "--cpu", str(cpu), *(["--real"] if args.real else [])]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def peak_rss() -> float:
    """Peak resident memory of this process in MB (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(args: argparse.Namespace, cpu: int, rows: list[dict[str, Any]], speed: dict[str, float]) -> None:
    """Print the rates and ratios of the timed sections."""
    words = sum(len(r["text"].split()) + len(r["title"].split()) for r in rows) / len(rows)
    bare = speed["bare"]
    kind = "shared labeled texts stitched" if args.real else "generated articles"
    print(
        f"{args.n} {kind}, {words:.0f} words each on average, pinned to core {cpu}, "
        f"best of {args.repeat} interleaved runs"
    )
    print(f"  bare spacy.blank('id') tokenization      {bare:8.1f} articles/s")
    print(
        f"  tokenizer as build_nlp() tunes it        {speed['tuned']:8.1f} articles/s  "
        f"{speed['tuned'] / bare:.2f}x bare"
    )
    print(
        f"  region tagging (matcher + resolver)      {speed['regions']:8.1f} articles/s  "
        f"{speed['regions'] / bare:.2f}x bare (target >= 0.5x)"
    )
    label = "full tagging (regions+classifier+impact)" if "heads fused" in speed else "regions + impact only"
    print(
        f"  {label} {speed['full']:8.1f} articles/s  {speed['full'] / bare:.2f}x bare "
        f"(target >= 300/s and >= 0.33x)"
    )
    for part in [key.rsplit(" ", 1)[0] for key in speed if key.endswith(" sklearn")]:
        fast = next(key for key in speed if key.startswith(f"{part} ") and not key.endswith(" sklearn"))
        print(
            f"    classifier {part}: scikit-learn {speed[f'{part} sklearn']:8.1f} articles/s alone, "
            f"as tagging does it ({fast.split(' ', 1)[1]}) {speed[fast]:8.1f}"
        )


def main() -> None:
    """Print articles/s of bare tokenization, region tagging and full tagging, ratios, size and RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--real", action="store_true", help="stitch the shared labeled texts instead")
    parser.add_argument("--cpu", type=int, default=None, help="core to pin to (default: last allowed)")
    parser.add_argument("--no-db", action="store_true", help="skip the end-to-end run with SQLite writes")
    parser.add_argument("--end-to-end", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    cpu = pin(args.cpu)
    if args.end_to_end:
        end_to_end(args)
        return
    rows = real(args.n, args.words) if args.real else generated(args.n, args.words)
    model, version, size, why = classifier()
    timed = sections(rows, model)
    report(args, cpu, rows, dict(zip(timed, rates(list(timed.values()), args.repeat), strict=True)))
    cold_bare, cold_tuned = first_pass(rows)
    print(
        f"  first pass of fresh tokenizers: bare {cold_bare:.1f} articles/s, tuned {cold_tuned:.1f} "
        f"articles/s ({cold_tuned / cold_bare:.2f}x)"
    )
    if model is None:
        print(f"  classifier not available: {why}")
    else:
        print(f"  model {version}: {size:.2f} MB (target <= 30 MB)")
        if not args.no_db:
            child = run_end_to_end(args, cpu)
            rate = child["rate"]
            print(f"  waspada tag end to end, SQLite writes   {rate:8.1f} articles/s (one run, own process)")
            print(f"    after {child['startup_s']:.1f} s to build the pipeline and load the model")
            print(f"  peak RSS of that tagging process {child['peak_rss_mb']:.0f} MB (target <= 500 MB)")
    print(f"  peak RSS of this benchmark process {peak_rss():.0f} MB (three spaCy pipelines, all sections)")


if __name__ == "__main__":
    main()
