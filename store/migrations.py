"""The schema, versioned: every table is created here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

from store import overview

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []
MIGRATIONS_TABLE = "_migrations"


def migration(func: Migration) -> Migration:
    """Register a migration; they run once each, in the order they are defined."""
    MIGRATIONS.append((func.__name__, func))
    return func


def applied(db: sqlite_utils.Database) -> set[str]:
    """Names of the migrations already recorded in this database."""
    if MIGRATIONS_TABLE not in db.table_names():
        return set()
    return {row["name"] for row in db[MIGRATIONS_TABLE].rows}


def pending(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations this database still needs."""
    done = applied(db)
    return [name for name, _ in MIGRATIONS if name not in done]


def apply(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    db[MIGRATIONS_TABLE].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = applied(db)
    ran = []
    for name, func in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            func(db)
            db[MIGRATIONS_TABLE].insert(
                {"name": name, "applied_at": datetime.now(UTC).isoformat(timespec="seconds")}
            )
        ran.append(name)
    return ran


@migration
def m001_crawl(db: sqlite_utils.Database) -> None:
    """Sources, articles (with full-text search), crawl runs and their errors."""
    db["sources"].create(
        {
            "name": str,
            "title": str,
            "kind": str,  # wordpress | feed | sitemap | html
            "home_url": str,
            "province_code": str,
            "tz": str,
            "config": str,  # JSON of the sources.yaml entry
            "updated_at": str,
        },
        pk="name",
    )
    db["articles"].create(
        {
            "id": int,
            "canonical_url": str,
            "url": str,
            "title": str,
            "text": str,
            "lead": str,
            "author": str,
            "credit": str,
            "published_at": str,  # UTC ISO 8601
            "published_local": str,  # as written, with its zone
            "tz": str,  # WIB | WITA | WIT | an IANA name
            "date_source": str,  # meta | feed | dateline | none
            "fetched_at": str,
            "source": str,
            "language": str,
            "content_hash": str,
            "dup_of": int,
            "dup_score": float,
            "crawl_run": int,
        },
        pk="id",
        not_null={"canonical_url", "url", "source", "fetched_at"},
        foreign_keys=[("dup_of", "articles", "id")],
    )
    db["articles"].create_index(["canonical_url"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["published_at"])
    db["articles"].create_index(["source"])
    db["articles"].create_index(["dup_of"])
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")
    # Every URL under which an article was seen (AMP copies, ?p=ID, tracking variants).
    db["article_urls"].create(
        {"url": str, "article_id": int}, pk="url", foreign_keys=[("article_id", "articles", "id")]
    )
    db["article_urls"].create_index(["article_id"])
    # MinHash signatures, so near-duplicate detection survives between crawls.
    db["article_minhash"].create(
        {"article_id": int, "signature": bytes},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    # Validators for conditional GET of feeds, API pages and sitemaps.
    db["http_cache"].create({"url": str, "etag": str, "last_modified": str, "checked_at": str}, pk="url")
    db["crawl_runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,  # running | finished | failed (a killed run stays running)
            "sources": str,  # JSON list of source names
            "since": str,
            "new": int,
            "unchanged": int,
            "duplicates": int,
            "near_duplicates": int,
            "errors": int,
            "counts": str,  # JSON: every outcome and error reason with its count
        },
        pk="id",
    )
    db["crawl_errors"].create(
        {
            "id": int,
            "run": int,
            "at": str,
            "source": str,
            "url": str,
            "reason": str,  # http_404, http_500, timeout, too_large, redirect_loop, not_article, ...
            "http_status": int,
            "message": str,
        },
        pk="id",
        foreign_keys=[("run", "crawl_runs", "id")],
    )
    db["crawl_errors"].create_index(["run"])
    db["crawl_errors"].create_index(["reason"])


@migration
def m002_regions(db: sqlite_utils.Database) -> None:
    """The gazetteer's regions, every region mention, and each article's primary place."""
    db["regions"].create(
        {
            "code": str,  # dotted Kemendagri code: "63", "63.71"
            "level": str,  # province | regency
            "name": str,
            "province_code": str,
            "lat": float,
            "lng": float,
        },
        pk="code",
    )
    db["region_mentions"].create(
        {
            "id": int,
            "article_id": int,
            "code": str,
            "level": str,  # province | regency | district
            "field": str,  # title | text
            "start": int,  # character offsets in that field
            "end": int,
            "text": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["region_mentions"].create_index(["article_id"])
    db["region_mentions"].create_index(["code"])
    db["article_places"].create(
        {
            "article_id": int,
            "province_code": str,
            "regency_code": str,
            "confidence": float,
            "reason": str,  # dateline | explicit | majority | source_default | none
            "lat": float,
            "lng": float,
            "tagger_version": str,
            "tagged_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_places"].create_index(["province_code"])
    db["article_places"].create_index(["regency_code"])


@migration
def m003_tags(db: sqlite_utils.Database) -> None:
    """Classifier results, impact figures, analysts' labels and model versions."""
    db["article_tags"].create(
        {
            "article_id": int,
            "model_version": str,
            "conflict": int,
            "conflict_score": float,
            "themes": str,  # JSON list of theme names above threshold
            "theme_scores": str,  # JSON {theme: probability}
            "killed": int,
            "injured": int,
            "damaged": int,
            "tagged_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_tags"].create_index(["conflict"])
    db["article_tags"].create_index(["model_version"])
    db["labels"].create(
        {
            "id": int,
            "article_id": int,
            "conflict": int,
            "themes": str,  # JSON list
            "province_code": str,
            "regency_code": str,
            "annotator": str,
            "created_at": str,
            "note": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["labels"].create_index(["article_id"])
    db["models"].create(
        {
            "version": str,
            "created_at": str,
            "path": str,
            "metrics": str,  # JSON summary of the CV metrics
            "status": str,  # candidate | current | retired
            "promoted_at": str,
        },
        pk="version",
    )


@migration
def m004_workbench(db: sqlite_utils.Database) -> None:
    """Analysts' logins, daily service runs, and the overview table and views the workbench browses."""
    db["users"].create(
        {
            "name": str,
            "password_hash": str,  # pbkdf2_sha256$iterations$salt$hash
            "created_at": str,
            "updated_at": str,
        },
        pk="name",
    )
    db["service_runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,  # running | finished | failed (a killed run stays running)
            "failed_stage": str,
            "stages": str,  # JSON list: {stage, status, seconds, exit_code, counts, skipped}
            "seconds": float,
            "counts": str,  # JSON: row-count changes per table over the whole run
            "host": str,
            "pid": int,
        },
        pk="id",
    )
    db["labels"].create_index(["annotator"], if_not_exists=True)
    # article_overview is a table kept current by triggers (not a view): facets over a million
    # articles need plain indexed columns, and SQLite 3.40's json_each finds no rows through a
    # view's LEFT JOIN (Datasette's array facet on `themes`).
    db["article_overview"].create(
        {
            "id": int, "title": str, "source": str, "date": str, "published_at": str,
            "province_code": str, "province": str, "regency_code": str, "regency": str,
            "latitude": float, "longitude": float,
            "conflict": int, "conflict_score": float, "theme": str, "themes": str,
            "killed": int, "injured": int, "damaged": int, "model_version": str,
            "canonical_url": str, "dup_of": int,
        },
        pk="id",
    )  # fmt: skip
    for column in ("province", "regency", "theme", "source", "conflict", "date", "published_at"):
        db["article_overview"].create_index([column])
    for trigger in overview.triggers():
        db.execute(trigger)
    db.execute(f"insert into article_overview {overview.SELECT}")
    db.create_view(
        "label_candidates",
        """
        select
          a.id, a.title, a.source, substr(a.published_at, 1, 10) as date,
          t.conflict_score, t.themes, t.model_version,
          case when t.article_id is null then 0.25 else abs(t.conflict_score - 0.5) end as certainty
        from articles a
        left join article_tags t on t.article_id = a.id
        where a.dup_of is null
          and not exists (select 1 from labels l where l.article_id = a.id)
        order by certainty, a.published_at desc
        """,
    )


@migration
def m005_stories(db: sqlite_utils.Database) -> None:
    """Stories (one event across outlets and days), their articles, and the archived digests."""
    db["stories"].create(
        {
            "id": int,
            "title": str,  # representative title: the earliest original article's
            "first_seen": str,  # UTC ISO of the earliest member
            "last_seen": str,  # UTC ISO of the latest member
            "province_codes": str,  # JSON list, most frequent first
            "regency_codes": str,  # JSON list, most frequent first
            "themes": str,  # JSON list
            "conflict": int,  # 1 when any member is tagged conflict
            "killed": int,  # the largest figure any member reports, never a sum
            "injured": int,
            "damaged": int,
            "n_articles": int,
            "n_sources": int,
            "summary": str,  # JSON list of extractive summary sentences
            "updated_at": str,
        },
        pk="id",
    )
    db["stories"].create_index(["first_seen"])
    db["stories"].create_index(["last_seen"])
    db["story_articles"].create(
        {
            "article_id": int,  # an article belongs to one story
            "story_id": int,
            "similarity": float,  # cosine to the story when it joined (1.0 for the founder or a copy)
            "added_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id"), ("story_id", "stories", "id")],
    )
    db["story_articles"].create_index(["story_id"])
    # Stories order articles by when they were seen: the publication time, else the fetch time.
    db.execute("create index if not exists idx_articles_seen on articles(coalesce(published_at, fetched_at))")
    db["digests"].create(
        {
            "id": int,
            "date": str,  # the last day the digest covers (local calendar date)
            "days": int,
            "lang": str,  # id | en
            "provinces": str,  # JSON list of province codes, [] for all
            "created_at": str,
            "n_stories": int,
            "n_signals": int,
            "paths": str,  # JSON {format: path} of the files written
            "data": str,  # the digest's JSON document
        },
        pk="id",
    )
    db["digests"].create_index(["date"])


@migration
def m006_review_tier(db: sqlite_utils.Database) -> None:
    """The review tier: articles the classifier is unsure about ("perlu ditinjau"); never conflict."""
    # 1 when conflict_score lies between the model's review cut and its conflict cut; conflict stays 0.
    db["article_tags"].add_column("review", int, not_null_default=0)
    db["article_tags"].create_index(["review"])


# The labeling queue (m008): the review tier first (the model is unsure there), then the least certain;
# `day` is the date column's expression (the UTC day until m016, the WIB day since).
LABEL_QUEUE = """
        select
          a.id, a.title, a.source, {day} as date,
          t.conflict_score, coalesce(t.review, 0) as review, t.themes, t.model_version,
          case when t.article_id is null then 0.25 else abs(t.conflict_score - 0.5) end as certainty
        from articles a
        left join article_tags t on t.article_id = a.id
        where a.dup_of is null
          and not exists (select 1 from labels l where l.article_id = a.id)
        order by coalesce(t.review, 0) desc, certainty, a.published_at desc
        """


@migration
def m008_review_queue(db: sqlite_utils.Database) -> None:
    """The labeling queue puts the review tier first (the model is unsure there), then the least certain."""
    db.execute("drop view if exists label_candidates")
    db.create_view("label_candidates", LABEL_QUEUE.format(day="substr(a.published_at, 1, 10)"))


@migration
def m010_workbench(db: sqlite_utils.Database) -> None:
    """Reviewers (their newer label resolves conflicting labels), stemmed search, the themes facet."""
    db["users"].add_column("role", str, not_null_default="analyst")  # analyst | reviewer
    # Every term of the search index with its Indonesian stem: "bentrok" also finds "bentrokan".
    db["search_stems"].create({"term": str, "stem": str, "docs": int}, pk="term")
    db["search_stems"].create_index(["stem"])
    db.execute("create virtual table articles_fts_vocab using fts5vocab(articles_fts, 'row')")
    # The themes facet counts rows per theme combination from this index (every theme counts).
    db["article_overview"].create_index(["themes"], if_not_exists=True)


@migration
def m012_facet_counts(db: sqlite_utils.Database) -> None:
    """Fast facets: rows per value kept by triggers (the unfiltered page), an index covering a province."""
    # A province's page and its facets read this index alone, not 26k wide rows per facet (90 -> 10 ms).
    db.execute(
        "create index idx_article_overview_by_province on article_overview "
        "(province, published_at, regency, source, conflict, date, themes)"
    )
    # `value` has no declared type, so conflict stays an integer and dates stay text.
    db.execute(
        "create table overview_facets (facet text not null, value not null, n integer not null, "
        "primary key (facet, value))"
    )
    for trigger in overview.facet_triggers():
        db.execute(trigger)
    for column in overview.FACET_COLUMNS:
        db.execute(overview.facet_count(column))


@migration
def m013_story_dated(db: sqlite_utils.Database) -> None:
    """stories.dated: 0 when no article of the story states its publication date (it is then placed at
    the time it was fetched, which may be long after it happened: the digest's signals say so)."""
    db["stories"].add_column("dated", int, not_null_default=1)
    db.execute(
        "update stories set dated = exists (select 1 from story_articles sa join articles a "
        "on a.id = sa.article_id where sa.story_id = stories.id and a.published_at is not null)"
    )


@migration
def m014_seen_source_index(db: sqlite_utils.Database) -> None:
    """The seen-time index also holds the source, so the digest counts a window's articles per source
    (its silent-source check) from the index alone; the old index is its prefix and goes."""
    db.execute(
        "create index if not exists idx_articles_seen_source "
        "on articles(coalesce(published_at, fetched_at), source)"
    )
    db.execute("drop index if exists idx_articles_seen")


@migration
def m015_overview_review(db: sqlite_utils.Database) -> None:
    """article_overview.review: 1 for the review tier ("perlu ditinjau"), whose conflict column is 0 although
    the model is unsure; analysts filter on it. The refresh triggers are rebuilt to fill it."""
    for name in overview.trigger_names():
        db.execute(f"drop trigger if exists {name}")
    db["article_overview"].add_column("review", int)
    db.execute("drop trigger article_overview_facets_update")  # review is no facet: no count changes
    db.execute(
        "update article_overview set review = "
        "(select t.review from article_tags t where t.article_id = article_overview.id)"
    )
    db.execute(next(sql for sql in overview.facet_triggers() if "facets_update" in sql))
    db["article_overview"].create_index(["review"])
    for trigger in overview.triggers(overview.SELECT_WITH_REVIEW):
        db.execute(trigger)


@migration
def m016_wib_dates(db: sqlite_utils.Database) -> None:
    """The workbench's `date` (article_overview and its facet, label_candidates) is the WIB day, as the
    digest counts days: it was the UTC day, so an article of 05.00 WIB stood under the day before."""
    for name in overview.trigger_names():
        db.execute(f"drop trigger if exists {name}")
    db.execute("drop trigger article_overview_facets_update")  # the date facet is counted afresh below
    wib_day = overview.WIB_DAY.format(column="published_at")
    db.execute(f"update article_overview set date = {wib_day} where date is not {wib_day}")  # ~7 h of 24
    db.execute("delete from overview_facets where facet = 'date'")
    db.execute(overview.facet_count("date"))
    db.execute(next(sql for sql in overview.facet_triggers() if "facets_update" in sql))
    for trigger in overview.triggers(overview.SELECT_WIB_DAY):
        db.execute(trigger)
    db.execute("drop view if exists label_candidates")
    db.create_view(
        "label_candidates", LABEL_QUEUE.format(day=overview.WIB_DAY.format(column="a.published_at"))
    )


DATE_ONLY = (
    "published_local glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] *' and instr(published_local, ':') = 0"
)
WIB_START = "strftime('%Y-%m-%dT%H:%M:%SZ', substr(published_local, 1, 10), '-7 hours')"


@migration
def m017_date_only_wib(db: sqlite_utils.Database) -> None:
    """An article dated without a time of day starts its date in WIB (crawler.dates.make): one from a WITA
    or WIT outlet was stored at its local midnight, still the day before in the digest's WIB days."""
    db.execute(
        "create temp table moved as select id from articles "
        f"where published_at is not null and {DATE_ONLY} and published_at != {WIB_START}"
    )
    db.execute(f"update articles set published_at = {WIB_START} where id in (select id from moved)")
    stories = "select distinct story_id from story_articles where article_id in (select id from moved)"
    seen = "coalesce(a.published_at, a.fetched_at)"
    members = "from story_articles sa join articles a on a.id = sa.article_id where sa.story_id = stories.id"
    db.execute(
        f"update stories set first_seen = (select min({seen}) {members}), last_seen = (select max({seen}) "
        f"{members}) where id in ({stories})"
    )
    db.execute("drop table moved")


@migration
def m018_tagger_version(db: sqlite_utils.Database) -> None:
    """The rules' version (nlp.selection.TAGGER_VERSION) that counted an article's impact, beside the
    model's: an article tagged by older rules (null here) is tagged again by the next `waspada tag`."""
    db["article_tags"].add_column("tagger_version", str)
