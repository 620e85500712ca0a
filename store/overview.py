"""The article_overview table's SQL: the row it holds per article, the triggers that keep it current
and the per-value counts its facets read."""

from __future__ import annotations

SELECT = """
select
  a.id, a.title, a.source, substr(a.published_at, 1, 10), a.published_at,
  p.province_code, rp.name, p.regency_code, rr.name,
  coalesce(p.lat, rr.lat, rp.lat), coalesce(p.lng, rr.lng, rp.lng),
  t.conflict, t.conflict_score, json_extract(t.themes, '$[0]'), t.themes,
  t.killed, t.injured, t.damaged, t.model_version, a.canonical_url, a.dup_of
from articles a
left join article_places p on p.article_id = a.id
left join regions rp on rp.code = p.province_code
left join regions rr on rr.code = p.regency_code
left join article_tags t on t.article_id = a.id
"""


# Since m015 the row ends with the review tier (the columns are filled in order, so it comes last).
SELECT_WITH_REVIEW = SELECT.replace("a.canonical_url, a.dup_of\n", "a.canonical_url, a.dup_of, t.review\n")
# Since m016 `date` is the WIB calendar day, as the digest counts days (it was the UTC day).
WIB_DAY = "date({column}, '+7 hours')"
SELECT_WIB_DAY = SELECT_WITH_REVIEW.replace(
    "substr(a.published_at, 1, 10)", WIB_DAY.format(column="a.published_at")
)


def refresh(article_id: str, select: str = SELECT) -> str:
    """SQL that rebuilds one article_overview row (delete + insert: safe under any outer OR clause)."""
    return (
        f"delete from article_overview where id = {article_id};\n"
        f"insert into article_overview {select} where a.id = {article_id};"
    )


def triggers(select: str = SELECT) -> list[str]:
    """Triggers keeping article_overview in step with articles, places, tags and regions."""
    sql = []
    for table, key in (("articles", "id"), ("article_places", "article_id"), ("article_tags", "article_id")):
        for event, ref in (("insert", "new"), ("update", "new"), ("delete", "old")):
            body = refresh(f"{ref}.{key}", select)
            if table == "articles" and event == "delete":
                body = "delete from article_overview where id = old.id;"
            sql.append(f"create trigger {table}_ov_{event} after {event} on {table} begin\n{body}\nend")
    placed = (
        "(select article_id from article_places where province_code = new.code or regency_code = new.code)"
    )
    for event in ("insert", "update"):
        sql.append(
            f"create trigger regions_ov_{event} after {event} on regions begin\n"
            f"delete from article_overview where id in {placed};\n"
            f"insert into article_overview {select} where a.id in {placed};\nend"
        )
    return sql


FACET_COLUMNS = ("province", "regency", "source", "conflict", "date", "themes")


def _facet_count_sql(ref: str, step: str) -> str:
    """One upsert per faceted column of article_overview row `ref` (new/old), adding `step` to its count."""
    return "\n".join(
        f"insert into overview_facets (facet, value, n) select '{column}', {ref}.{column}, {step} "
        f"where {ref}.{column} is not null on conflict (facet, value) do update set n = n + ({step});"
        for column in FACET_COLUMNS
    )


def facet_count(column: str) -> str:
    """SQL that counts article_overview's rows per value of `column` into overview_facets (from scratch)."""
    return (
        f"insert into overview_facets (facet, value, n) select '{column}', {column}, count(*) "
        f"from article_overview where {column} is not null group by {column}"
    )


def facet_triggers() -> list[str]:
    """Triggers keeping overview_facets' counts in step with article_overview's rows."""
    return [
        f"create trigger article_overview_facets_{event} after {event} on article_overview begin\n{body}\nend"
        for event, body in (
            ("insert", _facet_count_sql("new", "1")),
            ("delete", _facet_count_sql("old", "-1")),
            ("update", _facet_count_sql("old", "-1") + "\n" + _facet_count_sql("new", "1")),
        )
    ]


def trigger_names() -> list[str]:
    """The names of the refresh triggers `triggers()` creates ("create trigger NAME after …")."""
    return [sql.split()[2] for sql in triggers()]
