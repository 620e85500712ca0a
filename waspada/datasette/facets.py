"""Fast facets on article_overview: a many-to-many themes facet, and counts kept by triggers.

Datasette's array facet expands every row with json_each (1.6 s on a million articles); the distinct
arrays are few (combinations of ten themes), so this counts rows per array with the column's index and
adds the counts up per value. Selecting a value filters with `column__arraycontains`, as Datasette's does.
On the unfiltered table both facets read the counts the database keeps in `overview_facets` (m012)
instead of grouping a million rows; any filter or search counts the matching rows as Datasette does.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


def count_values(rows: list[tuple[str | None, int]]) -> Counter:
    """Rows per value from (JSON array, rows) pairs; a value counts once per row."""
    counts: Counter = Counter()
    for array, rows_with_it in rows:
        try:
            values = json.loads(array) if array else []
        except ValueError:
            continue
        for value in set(values) if isinstance(values, list) else ():
            counts[str(value)] += rows_with_it
    return counts


COUNTS_TABLE = "overview_facets"
WHERE = re.compile(r"\bwhere\b", re.IGNORECASE)


def unfiltered(sql: str, params: dict) -> bool:
    """True when the facet's SQL selects the whole table (no filter, search or page clause)."""
    return not params and not WHERE.search(sql)


async def kept_counts(facet: Any, column: str, limit: int | None = None) -> list[tuple[Any, int]] | None:
    """(value, rows) pairs from overview_facets for an unfiltered article_overview page, else None."""
    if facet.table != "article_overview" or not unfiltered(facet.sql, facet.params):
        return None
    sql = f"select value, n from {COUNTS_TABLE} where facet = ? and n > 0 order by n desc, value"
    result = await facet.ds.execute(
        facet.database, sql + (f" limit {int(limit)}" if limit else ""), [column], truncate=False
    )
    return [(row[0], row[1]) for row in result.rows]


def facet_value(facet: Any, key: str, value: Any, count: int, pairs: list) -> dict[str, Any]:
    """One row of a facet: the value, its count, and the link that selects it by `key` (or unselects it)."""
    selected = (key, str(value)) in pairs
    change = path_with_removed_args if selected else path_with_added_args
    path = change(facet.request, {key: str(value)})
    return {
        "value": value,
        "label": value,
        "count": count,
        "toggle_url": facet.ds.absolute_url(facet.request, path),
        "selected": selected,
    }


def facet_result(
    facet: Any, column: str, shown_type: str, values: list, source: str, truncated: bool
) -> dict:
    """A facet as Datasette's page shows it; its own toggle link removes `_facet_<type>=column`."""
    toggle = path_with_removed_args(facet.request, {f"_facet_{facet.type}": column})
    return {
        "name": column,
        "type": shown_type,
        "results": values,
        "hideable": source != "metadata",
        "toggle_url": facet.ds.urls.path(toggle),
        "truncated": truncated,
    }


class CountedFacet(ColumnFacet):
    """`counted: column` in metadata: Datasette's column facet, read from overview_facets when unfiltered."""

    type = "counted"

    async def suggest(self) -> list:
        return []

    async def _one(self, column: str, source: str) -> dict[str, Any] | None:
        """The facet from the kept counts, or None when the page is filtered."""
        size = self.get_facet_size()
        counts = await kept_counts(self, column, size + 1)
        if counts is None:
            return None
        pairs = self.get_querystring_pairs()
        values = [facet_value(self, column, value, count, pairs) for value, count in counts[:size]]
        # "column" is what Datasette's own facet says: the page shows no "(counted)"
        return facet_result(self, column, "column", values, source, len(counts) > size)

    async def facet_results(self) -> tuple[list, list]:
        results = []
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            result = await self._one(column, config["source"])
            if result is None:  # filtered: Datasette's own column facet over the matching rows
                return await super().facet_results()
            results.append(result)
        return results, []


class MultiFacet(ArrayFacet):
    """`multi: column` in metadata: the many-to-many facet of a JSON array column."""

    type = "multi"

    async def suggest(self) -> list:
        return []

    async def _one(self, column: str, source: str) -> dict[str, Any]:
        combinations = await kept_counts(self, column)
        if combinations is None:
            sql = f"with inner as ({self.sql}) select {escape_sqlite(column)}, count(*) from inner group by 1"
            result = await self.ds.execute(
                self.database,
                sql,
                self.params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms"),
            )
            combinations = [(row[0], row[1]) for row in result.rows]
        counts = count_values(combinations)
        size, pairs = self.get_facet_size(), self.get_querystring_pairs()
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        key = f"{column}__arraycontains"
        values = [facet_value(self, key, value, count, pairs) for value, count in ranked[:size]]
        return facet_result(self, column, self.type, values, source, len(ranked) > size)

    async def facet_results(self) -> tuple[list, list]:
        results, timed_out = [], []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                results.append(await self._one(column, source_and_config["source"]))
            except QueryInterrupted:
                timed_out.append(column)
        return results, timed_out
