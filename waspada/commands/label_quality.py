"""`waspada label conflicts` and `waspada label agreement`: can the labeled set be trusted?"""

from __future__ import annotations

import json

import click

from waspada.options import db_option, open_database


@click.command("conflicts")
@db_option
@click.option("--all", "include_resolved", is_flag=True, help="Also list conflicts a reviewer resolved.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def conflicts_command(db_path: str | None, include_resolved: bool, fmt: str) -> None:
    """List articles whose labels contradict each other (resolved by a reviewer's newer label).

    Example: waspada label conflicts --db waspada.db
    """
    from nlp.training.label_quality import conflicts

    found = conflicts(open_database(db_path), include_resolved)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for row in found:
        votes = "/".join("yes" if vote else "no" for vote in row["conflict_votes"])
        resolved = f"  resolved by {row['resolved_by']}" if row["resolved_by"] else ""
        resolved += f"  (+{row['unsure']} unsure)" if row["unsure"] else ""
        click.echo(
            f"article {row['article_id']:>8}  {row['labels']} labels by {', '.join(row['annotators'])}"
            f"  differ on {', '.join(row['disagree_on'])}  conflict: {votes}{resolved}"
        )
    click.echo(f"{len(found)} article(s) with conflicting labels", err=True)


@click.command("agreement")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def agreement_command(db_path: str | None, fmt: str) -> None:
    """Cohen's kappa (conflict) and per-theme agreement between annotators who labeled the same articles.

    Example: waspada label agreement --db waspada.db
    """
    from nlp.training.label_quality import agreement

    report = agreement(open_database(db_path))
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if not report["items"]:
        unsure = f" ({report['unsure']} shared with an unsure label)" if report["unsure"] else ""
        click.echo(f"no article was labeled yes/no by two annotators: nothing to compare{unsure}")
        return
    click.echo(
        f"conflict: Cohen's kappa {shown(report['conflict_kappa'])}, agreement {report['conflict_agreement']}"
        f" over {report['items']} paired judgement(s); {report['unsure']} left out as unsure"
    )
    for pair in report["pairs"]:
        who = " & ".join(pair["annotators"])
        kappa = shown(pair["conflict_kappa"])
        click.echo(f"  {who}: {pair['articles']} articles, kappa {kappa}, {pair['unsure']} unsure")
    click.echo("themes (agreement, kappa, times chosen; kappa is undefined for a theme nobody chose):")
    for theme, figures in report["themes"].items():
        click.echo(f"  {theme:<22} {figures['agreement']}  {shown(figures['kappa'])}  {figures['used']}")


def shown(kappa: float | None) -> str:
    """A kappa as printed: 'undefined' where there is none to measure (never 1.0 or 0 made up)."""
    return "undefined" if kappa is None else str(kappa)
