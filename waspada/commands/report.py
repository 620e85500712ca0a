"""`waspada stories` and `waspada digest`: the stories of a period and the daily digest of tensions."""

from __future__ import annotations

import json
from pathlib import Path

import click

from waspada.options import check_out, check_provinces, db_option, open_database


def story_table(rows: list[dict]) -> str:
    """Plain-text table: id, first seen (WIB; the fetch time when no member states a publication date; the
    day alone when its article gave no time of day), articles, conflict, title, then member URLs indented."""
    from reports.clock import wib

    lines = [f"{'id':>6}  {'first seen':<20}  {'n':>3}  {'c':1}  title"]
    for story in rows:
        first = wib(story["first_seen"])
        timed = not story["articles"] or story["articles"][0]["timed"]
        seen = f"{first:%Y-%m-%d %H:%M} WIB" if timed else f"{first:%Y-%m-%d}"
        lines.append(
            f"{story['id']:>6}  {seen:<20}  {story['n_articles']:>3}  "
            f"{'*' if story['conflict'] else ' '}  {story['title'] or '(untitled)'}"
            + ("" if story["dated"] else "  [no publication date: first seen is the fetch time]")
        )
        lines += [f"{'':>36}{a['source']}: {a['url']}" for a in story["articles"]]
    return "\n".join(lines)


@click.command()
@db_option
@click.option("--since", help="First day (YYYY-MM-DD, WIB) a listed story must reach.")
@click.option("--until", help="Last day (YYYY-MM-DD, WIB) a listed story may start on.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
def stories(db_path: str | None, since: str | None, until: str | None, fmt: str) -> None:
    """Group new articles into stories (same event across outlets and days) and list them.

    Example: waspada stories --since 2026-11-20 --format json
    """
    from reports.stories import build_stories
    from reports.story_rows import list_stories

    db = open_database(db_path)
    result = build_stories(db)
    click.echo(f"{result.assigned} articles assigned, {result.new_stories} new stories", err=True)
    rows = list_stories(db, since, until)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(story_table(rows))


@click.command()
@db_option
@click.option(
    "--date",
    "day",
    help="Last day the digest covers (YYYY-MM-DD, WIB) [default: yesterday, the last complete day].",
)
@click.option("--days", type=click.IntRange(min=1), default=1, show_default=True, help="Days in the window.")
@click.option(
    "--province",
    "provinces",
    multiple=True,
    callback=check_provinces,
    help="Only these province codes (repeatable), e.g. 63.",
)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    callback=check_out,
    help="Output file, or - for standard output (then not archived) "
    "[default: reports/out/digest-<database>-<date>-<days>d-<lang>.<format>].",
)
@click.option(
    "--feed", is_flag=True, help="Also write the Atom feed of archived digests (reports/out/feed.xml)."
)
@click.option("--email", is_flag=True, help="Also send the digest by SMTP (smtp_* and digest_to settings).")
def digest(
    db_path: str | None,
    day: str | None,
    days: int,
    provinces: tuple[str, ...],
    lang: str,
    fmt: str,
    out: str | None,
    feed: bool,
    email: bool,
) -> None:
    """Write the digest of emerging tensions (signals, stories, charts, map) and print its path.

    Example: waspada digest --date 2026-11-27 --days 7 --lang en --format html
    """
    from reports import delivery, feeds, rendering
    from reports import digest as digest_module

    db = open_database(db_path)
    document = digest_module.build(db, digest_module.parse_date(day), days, list(provinces), lang)
    if out == "-":  # a preview or a pipe: printed, neither written to the archive nor to the feed
        click.echo(rendering.render(document, fmt), nl=False)
    else:
        click.echo(str(digest_module.write(db, document, fmt, Path(out) if out else None)))
    if feed:
        click.echo(str(feeds.write_feed(db)))
    if email:
        recipients = delivery.send_digest(document)
        click.echo(f"sent to {', '.join(recipients)}", err=True)


commands = [stories, digest]
