"""One day's digest over generated databases (100k, 1M articles): time and peak memory against size.

Each database holds `--articles` synthetic articles over `--days` days (events of 1–4 articles across
outlets, 30 % conflict, places, tags). Every day but the last is already grouped into stories (as after
earlier daily runs); the timed run is the real `waspada digest` CLI in a fresh process for the last day:
it clusters that day's new articles, refreshes its stories, detects signals and writes the HTML.
Peak memory is the child's maximum resident set size. "digest s" is the digest's own work in a fresh
process (first run: clusters the new day); "rerun s" the same again (nothing new); "CLI s" the whole
`waspada digest` command including the CLI's start-up (which imports every stage).

Usage: .venv/bin/python bench/digest.py [--articles 100000 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.classifier.taxonomy import THEMES  # noqa: E402
from reports import maps  # noqa: E402
from store.db import open_db  # noqa: E402

LAST_DAY = date(2026, 11, 27)
OUTLETS = ["mediacenter", "kabarnusantara", "wartatimur", "antaranews", "detik", "kompas", "tribun"]
COMMON = [
    "warga",
    "desa",
    "pemerintah",
    "kabupaten",
    "polisi",
    "aparat",
    "bupati",
    "camat",
    "masyarakat",
    "kepala",
    "rapat",
    "lokasi",
    "kantor",
    "jalan",
    "pasar",
    "sekolah",
    "rumah",
    "kebun",
    "sungai",
    "lahan",
    "perusahaan",
    "mahasiswa",
    "tokoh",
    "agama",
    "adat",
]
SYLLABLES = [
    "ba",
    "bi",
    "bu",
    "da",
    "di",
    "du",
    "ka",
    "ki",
    "ku",
    "la",
    "li",
    "lu",
    "ma",
    "mi",
    "mu",
    "na",
    "ni",
    "nu",
    "pa",
    "pi",
    "pu",
    "ra",
    "ri",
    "ru",
    "sa",
    "si",
    "su",
    "ta",
    "ti",
    "tu",
]
ARTICLE_SQL = (
    "insert into articles (id, canonical_url, url, title, text, lead, published_at, published_local, tz, "
    "source, fetched_at, dup_of) values (?,?,?,?,?,?,?,?,?,?,?,?)"
)


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def event_articles(rng: random.Random, regencies: list[str], day_start: datetime) -> list[dict]:
    """1–4 articles about one event: shared rare words, shared place, same themes, own figures."""
    keywords = [word(rng) for _ in range(8)]
    regency = rng.choice(regencies)
    conflict = rng.random() < 0.3
    themes = rng.sample(list(THEMES), rng.randint(1, 2)) if conflict else []
    start = day_start + timedelta(seconds=rng.randint(0, 80000))
    articles = []
    for k in range(rng.choices([1, 2, 3, 4], [0.6, 0.2, 0.12, 0.08])[0]):
        words = keywords * 2 + rng.sample(COMMON, 12) + [word(rng) for _ in range(10)]
        rng.shuffle(words)
        text = " ".join(words[:20]).capitalize() + ". " + " ".join(words[20:]).capitalize() + "."
        articles.append(
            {
                "title": " ".join(rng.sample(keywords, 5)).capitalize(),
                "text": text,
                "published": start + timedelta(hours=5 * k),
                "source": rng.choice(OUTLETS),
                "province": regency[:2],
                "regency": regency,
                "conflict": int(conflict),
                "themes": themes,
                "killed": rng.choice([0] * 20 + [1, 2]) if conflict else 0,
                "injured": rng.choice([0] * 8 + [1, 2, 3, 5]) if conflict else 0,
            }
        )
    return articles


def generate(path: Path, total: int, days: int, seed: int = 7) -> dict[str, float]:
    """Write the database; returns generation figures."""
    started = time.perf_counter()
    open_db(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute("pragma synchronous = off")
    rng = random.Random(seed)
    regencies = sorted(maps.data()["regencies"])
    per_day = total / days
    article_id, story_id = 0, 0
    first = LAST_DAY - timedelta(days=days - 1)
    for offset in range(days):
        day = first + timedelta(days=offset)
        day_start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=7)
        clustered = offset < days - 1
        batch: dict[str, list] = {"articles": [], "places": [], "tags": [], "stories": [], "members": []}
        target = round(per_day * (offset + 1)) - article_id
        made = 0
        while made < target:
            members = event_articles(rng, regencies, day_start)[: target - made]
            story_id += 1
            for a in members:
                article_id += 1
                made += 1
                iso = a["published"].isoformat()
                batch["articles"].append(
                    (
                        article_id,
                        f"http://{a['source']}.test/{article_id}",
                        f"http://{a['source']}.test/{article_id}",
                        a["title"],
                        a["text"],
                        a["text"][:200],
                        iso,
                        iso,
                        "WIB",
                        a["source"],
                        iso,
                        None,
                    )
                )
                batch["places"].append((article_id, a["province"], a["regency"], 0.9, "explicit"))
                batch["tags"].append(
                    (
                        article_id,
                        "bench",
                        a["conflict"],
                        0.9 if a["conflict"] else 0.1,
                        json.dumps(a["themes"]),
                        "{}",
                        a["killed"],
                        a["injured"],
                        0,
                    )
                )
                if clustered:
                    batch["members"].append((article_id, story_id, 1.0, iso))
            if clustered:
                a0 = members[0]
                batch["stories"].append(
                    (
                        story_id,
                        a0["title"],
                        members[0]["published"].isoformat(),
                        members[-1]["published"].isoformat(),
                        json.dumps([a0["province"]]),
                        json.dumps([a0["regency"]]),
                        json.dumps(a0["themes"]),
                        a0["conflict"],
                        max(m["killed"] for m in members),
                        max(m["injured"] for m in members),
                        0,
                        len(members),
                        len({m["source"] for m in members}),
                        iso,
                    )
                )
        write_batch(conn, batch)
    conn.commit()
    conn.execute("analyze")
    conn.close()
    return {"seconds": time.perf_counter() - started, "articles": article_id}


def write_batch(conn: sqlite3.Connection, batch: dict[str, list]) -> None:
    conn.executemany(ARTICLE_SQL, batch["articles"])
    conn.executemany(
        "insert into article_places (article_id, province_code, regency_code, confidence, reason) "
        "values (?,?,?,?,?)",
        batch["places"],
    )
    conn.executemany(
        "insert into article_tags (article_id, model_version, conflict, conflict_score, themes, "
        "theme_scores, killed, injured, damaged) values (?,?,?,?,?,?,?,?,?)",
        batch["tags"],
    )
    conn.executemany(
        "insert into stories (id, title, first_seen, last_seen, province_codes, regency_codes, themes, "
        "conflict, killed, injured, damaged, n_articles, n_sources, updated_at) "
        "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        batch["stories"],
    )
    conn.executemany(
        "insert into story_articles (article_id, story_id, similarity, added_at) values (?,?,?,?)",
        batch["members"],
    )


def reset_last_day(db: Path) -> int:
    """Forget the stories of the last day's articles, so every bench run clusters that day afresh."""
    start = (
        datetime(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day, tzinfo=UTC) - timedelta(hours=7)
    ).isoformat()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "create temp table fresh as select a.id from articles a where a.published_at >= ?", [start]
        )
        conn.execute("delete from story_articles where article_id in (select id from fresh)")
        conn.execute("delete from stories where id > (select coalesce(max(story_id), 0) from story_articles)")
        conn.execute("delete from digests")
    count = conn.execute("select count(*) from fresh").fetchone()[0]
    conn.close()
    return count


def run_digest(db: Path, out: Path) -> dict[str, float]:
    """The real CLI in a child process: wall time and the child's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "waspada",
            "digest",
            "--db",
            str(db),
            "--date",
            LAST_DAY.isoformat(),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_mb": max(peak, before) / 1024}


def inner(db: Path, out: Path) -> None:
    """Child mode: time build + write after the imports; print JSON seconds and peak RSS."""
    from reports import digest

    started = time.perf_counter()
    database = open_db(db)
    document = digest.build(database, LAST_DAY, 1)
    digest.write(database, document, "html", out)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak,
                "stories": document["counts"]["conflict_stories"],
                "signals": len(document["signals"]),
            }
        )
    )


def run_inner(db: Path, out: Path) -> dict[str, float]:
    """The digest itself (no CLI start-up) in a fresh child process."""
    result = subprocess.run(
        [sys.executable, __file__, "--inner", str(db), str(out)], check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def startup_seconds() -> float:
    """Time of `waspada --help` (interpreter and imports), to read the digest time against."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "waspada", "--help"], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--keep", type=Path, help="Keep the generated databases in this folder.")
    parser.add_argument("--inner", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(*args.inner)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="waspada-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"CLI start-up (waspada --help): {startup_seconds():.2f} s")
    print(
        f"{'articles':>10} {'DB MB':>7} {'gen s':>6} {'new today':>9} {'digest s':>8} {'peak MB':>7} "
        f"{'rerun s':>7} {'CLI s':>6} {'CLI MB':>6} {'stories':>7} {'signals':>7}"
    )
    for total in args.articles:
        db = folder / f"bench-{total}.db"
        figures = generate(db, total, args.days) if not db.exists() else {"seconds": 0.0}
        today = reset_last_day(db)
        first = run_inner(db, folder / f"digest-{total}.html")
        second = run_inner(db, folder / f"digest-{total}-again.html")
        cli = run_digest(db, folder / f"digest-{total}-cli.html")
        size = sum(p.stat().st_size for p in folder.glob(f"bench-{total}.db*")) / 1e6
        print(
            f"{total:>10,} {size:>7.0f} {figures['seconds']:>6.0f} {today:>9,} {first['seconds']:>8.2f} "
            f"{first['peak_mb']:>7.0f} {second['seconds']:>7.2f} {cli['seconds']:>6.2f} "
            f"{cli['peak_mb']:>6.0f} "
            f"{first['stories']:>7} {first['signals']:>7}"
        )
    if not args.keep:
        print(f"(databases in {folder}; delete when done)")


if __name__ == "__main__":
    main()
