"""Benchmark the workbench: FTS search and a faceted table page on a generated 1M-article database.

Run: python -m bench.serve [--articles 1000000] [--db /tmp/waspada-bench.db] [--reuse]
Targets (issues 6 and 14): search p95 <= 200 ms (stemmed, next to exact search as the baseline);
faceted table page <= 1 s (facet counts kept by triggers, next to the same page filtered by
`id >= 0`, which counts every facet over the million rows as the baseline); label queue <= 500 ms;
measured with a real HTTP client against
`waspada serve` in a subprocess.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from nlp.classifier.taxonomy import THEMES
from store.db import open_db

BATCH = 20_000
SEARCH_TARGET_MS, FACET_TARGET_MS, QUEUE_TARGET_MS = 200, 1000, 500
WORD_FORMS = ["bentrok", "bentrokan", "dibakar", "bakar", "sengketa", "unjuk", "menolak", "tolak"]
ACTORS = [
    "Warga",
    "Ratusan mahasiswa",
    "Massa",
    "Petani sawit",
    "Buruh pabrik",
    "Nelayan",
    "Pemuda dua kampung",
    "Aparat kepolisian",
    "Bakesbangpol",
    "FKUB",
    "Tim sukses calon bupati",
    "Pedagang pasar",
]
VERBS = [
    "berunjuk rasa menolak",
    "bentrok soal",
    "memblokade jalan karena",
    "menggelar rapat koordinasi tentang",
    "melaporkan",
    "mempersoalkan",
    "menuntut penyelesaian",
    "berdamai setelah sengketa",
    "memprotes",
]
OBJECTS = [
    "tapal batas desa",
    "tambang pasir",
    "lahan perkebunan",
    "hasil pilkada",
    "upah minimum",
    "pembangunan rumah ibadah",
    "harga cabai",
    "banjir rob",
    "dana desa",
    "politik uang",
    "wilayah tangkap ikan",
    "pemutusan hubungan kerja",
    "kenaikan harga BBM",
    "jadwal sekolah",
    "turnamen sepak bola",
]
AFTER = [
    "Dua orang luka-luka dan satu rumah dibakar.",
    "Polisi berjaga untuk mencegah bentrokan susulan.",
    "Pemerintah daerah berjanji memfasilitasi mediasi.",
    "Situasi kembali kondusif pada sore hari.",
    "Forkopimda menggelar pertemuan dengan tokoh adat dan tokoh agama.",
    "Tidak ada korban jiwa.",
    "Seorang warga tewas dalam kejadian itu.",
    "Harga kebutuhan pokok di pasar tradisional stabil.",
]
SOURCES = [f"outlet{n:02d}" for n in range(40)]
SEARCHES = [
    "bentrok",
    "tambang pasir",
    "pilkada",
    "upah",
    "rumah ibadah",
    "mediasi",
    "tewas",
    "blokade",
    "sawit",
    "nelayan",
    "politik uang",
    "dibakar",
    "Kabupaten 31",
    "Kota 07",
    "sengketa",
]


def regions() -> list[dict]:
    """38 provinces with 13 kabupaten/kota each, at plausible Indonesian coordinates."""
    rng, rows = random.Random(7), []
    for province in range(11, 49):
        lat, lng = rng.uniform(-9, 4), rng.uniform(95, 140)
        code = f"{province:02d}"
        rows.append(
            {
                "code": code,
                "level": "province",
                "name": f"Provinsi {code}",
                "province_code": code,
                "lat": lat,
                "lng": lng,
            }
        )
        for regency in range(1, 14):
            kind = "Kota" if regency > 10 else "Kabupaten"
            rows.append(
                {
                    "code": f"{code}.{regency:02d}",
                    "level": "regency",
                    "name": f"{kind} {province}{regency:02d}",
                    "province_code": code,
                    "lat": lat + rng.uniform(-1, 1),
                    "lng": lng + rng.uniform(-1, 1),
                }
            )
    return rows


def articles(count: int, places: list[dict]) -> Iterator[tuple[tuple, tuple, tuple]]:
    """(article, place, tags) rows of synthetic Indonesian news."""
    rng, start = random.Random(42), datetime(2025, 1, 1, tzinfo=UTC)
    regencies = [p for p in places if p["level"] == "regency"]
    for number in range(1, count + 1):
        place = rng.choice(regencies)
        town = place["name"]
        when = (start + timedelta(minutes=number * 700_000 // max(count, 1) * 1)).isoformat(
            timespec="seconds"
        )
        title = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} di {town}"
        text = " ".join(
            [
                f"{town.split()[-1]}, ({when[:10]}) – {title}.",
                rng.choice(AFTER),
                rng.choice(AFTER),
                f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}.",
            ]
        )
        score = rng.random()
        themes = rng.sample(list(THEMES), rng.randint(1, 2)) if score > 0.5 else []
        url = f"https://{rng.choice(SOURCES)}.example/berita/{number}"
        yield (
            (
                number,
                url,
                url,
                title,
                text,
                when,
                url.split("/")[2].split(".")[0],
                "2026-11-28T00:00:00+00:00",
            ),
            (number, place["province_code"], place["code"], 0.9, "dateline", place["lat"], place["lng"]),
            (number, "bench", int(score > 0.5), score, json.dumps(themes), rng.choice([0, 0, 0, 1, 2]), 0, 0),
        )


def generate(path: Path, count: int) -> float:
    """Create the database at `path` with `count` articles; returns seconds taken."""
    started = time.perf_counter()
    db = open_db(path)
    places = regions()
    db.execute("PRAGMA synchronous = OFF")
    with db.conn:
        db["regions"].insert_all(places)
    rows = articles(count, places)
    done = 0
    while done < count:
        chunk = [row for _, row in zip(range(BATCH), rows, strict=False)]
        with db.conn:
            db.conn.executemany(
                "insert into articles (id, canonical_url, url, title, text, published_at, source, "
                "fetched_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [row[0] for row in chunk],
            )
            db.conn.executemany(
                "insert into article_places (article_id, province_code, regency_code, confidence, reason, "
                "lat, lng) values (?, ?, ?, ?, ?, ?, ?)",
                [row[1] for row in chunk],
            )
            db.conn.executemany(
                "insert into article_tags (article_id, model_version, conflict, conflict_score, themes, "
                "killed, injured, damaged) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [row[2] for row in chunk],
            )
        done += len(chunk)
        print(
            f"\r  generated {done:,}/{count:,} articles ({time.perf_counter() - started:.0f} s)",
            end="",
            flush=True,
        )
    print()
    db.execute("ANALYZE")
    db.conn.close()
    return time.perf_counter() - started


def start_server(path: Path) -> tuple[subprocess.Popen, str]:
    """`waspada serve --port 0` on the database; returns the process and its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "waspada", "serve", "--db", str(path), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    base = re.search(r"(http://\S+?)/?$", process.stdout.readline().strip()).group(1)
    for _ in range(300):
        try:
            httpx.get(base + "/-/versions.json", timeout=5)
            return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("waspada serve did not answer")


def timed(client: httpx.Client, path: str) -> float:
    """Milliseconds for one GET (the response must be 200)."""
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(name: str, values: list[float], target: float) -> None:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    verdict = "ok" if p95 <= target else "SLOWER THAN TARGET"
    print(
        f"{name:<44} n={len(values):<4} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {max(values):7.1f} ms"
        f"  target {target:.0f} ms: {verdict} (p95/target {p95 / target:.2f})"
    )


def selective_terms(count: int) -> list[str]:
    """Place names, each in about 0.2 % of the articles (like searching for one kabupaten)."""
    rng = random.Random(3)
    return [f"Kabupaten {rng.randint(11, 48)}{rng.randint(1, 10):02d}" for _ in range(count)]


def measure(base: str, rounds: int) -> None:
    selective = selective_terms(len(SEARCHES))
    with httpx.Client(base_url=base, timeout=120) as client:
        for term in SEARCHES[:3]:
            timed(client, f"/waspada/articles.json?_search={term}")  # warm the page cache
        rare_json = [timed(client, f"/waspada/articles.json?_search={term}") for term in selective * rounds]
        rare_html = [timed(client, f"/waspada/articles?_search={term}") for term in selective * rounds]
        common_json = [timed(client, f"/waspada/articles.json?_search={term}") for term in SEARCHES * rounds]
        common_html = [timed(client, f"/waspada/articles?_search={term}") for term in SEARCHES * rounds]
        overview = "/waspada/article_overview?_search="
        rare_view = [timed(client, overview + term) for term in selective * rounds]
        faceted = [timed(client, "/waspada/article_overview") for _ in range(max(3, rounds))]
        live = [timed(client, "/waspada/article_overview?id__gte=0") for _ in range(max(3, rounds))]
        provinces = range(11, 11 + max(3, rounds))
        filtered = [timed(client, f"/waspada/article_overview?province=Provinsi+{p}") for p in provinces]
        timed_out = client.get("/waspada/article_overview.json").json().get("facets_timed_out")
        exact = [
            timed(client, f"/waspada/articles.json?_searchmode=raw&_search=%22{w}%22")
            for w in WORD_FORMS * rounds
        ]
        stemmed = [timed(client, f"/waspada/articles.json?_search={w}") for w in WORD_FORMS * rounds]
        stemmed_html = [timed(client, f"/waspada/articles?_search={w}") for w in WORD_FORMS * rounds]
        queue = [timed(client, "/-/waspada/queue") for _ in range(max(3, rounds))]
        article = [timed(client, f"/-/waspada/article/{n}") for n in range(1, 1 + 2 * max(3, rounds))]
        counts = {
            w: client.get(f"/waspada/articles.json?_search={w}&_count=1&_size=1")
            .json()
            .get("filtered_table_rows_count")
            for w in WORD_FORMS
        }
        exact_counts = {
            w: client.get(f"/waspada/articles.json?_searchmode=raw&_search=%22{w}%22&_count=1&_size=1")
            .json()
            .get("filtered_table_rows_count")
            for w in WORD_FORMS
        }
    report("search, place name (~0.2 % match), JSON", rare_json, SEARCH_TARGET_MS)
    report("search, place name (~0.2 % match), HTML", rare_html, SEARCH_TARGET_MS)
    report("search, common word (13-23 % match), JSON", common_json, SEARCH_TARGET_MS)
    report("search, common word (13-23 % match), HTML", common_html, SEARCH_TARGET_MS)
    report("search on the faceted overview, place name", rare_view, FACET_TARGET_MS)
    report("faceted page: article_overview, 6 facets", faceted, FACET_TARGET_MS)
    report("baseline: same page, every facet counted live", live, FACET_TARGET_MS)
    report("faceted page filtered by province", filtered, FACET_TARGET_MS)
    print(f"facets timed out on the overview page: {timed_out or 'none'}")
    report("baseline: exact word search (raw FTS), JSON", exact, SEARCH_TARGET_MS)
    report("stemmed word search (word forms OR-ed), JSON", stemmed, SEARCH_TARGET_MS)
    report("stemmed word search, HTML", stemmed_html, SEARCH_TARGET_MS)
    report("label queue page (label_candidates, 50 rows)", queue, QUEUE_TARGET_MS)
    report("analyst's article page", article, QUEUE_TARGET_MS)
    for word in WORD_FORMS:
        print(f"  matches for {word!r}: exact {exact_counts[word]}, stemmed {counts[word]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/waspada-bench.db"))
    parser.add_argument("--reuse", action="store_true", help="Reuse an existing database of that name.")
    parser.add_argument("--rounds", type=int, default=4, help="Times each search term is repeated.")
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        seconds = generate(args.db, args.articles)
        print(
            f"generated {args.articles:,} articles in {seconds:.0f} s "
            f"({args.articles / seconds:,.0f}/s); file {args.db.stat().st_size / 1e6:,.0f} MB"
        )
    process, base = start_server(args.db)
    try:
        measure(base, args.rounds)
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
