"""Datasette's own page chrome in Indonesian by default: its templates' phrases swapped as they load.

Only the template source is changed (each phrase becomes an if/else on the page language), so data
shown on a page is never touched; English comes back with the same switch as the article page.
Each phrase must hold whole Jinja tags (an `{% if %}` with its `{% endif %}`, or none).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BaseLoader, Environment, pass_context

from waspada.datasette import i18n

SWITCH = "waspada_lang"
WORDS_FILTER = "waspada_words"
METADATA_ID = Path(__file__).resolve().parent / "metadata_id.yaml"

FOOTER = [
    ("Powered by <a", "Dibuat dengan <a"),
    ("&middot; Queries took {{ query_ms|round(3) }}ms", "&middot; Kueri {{ query_ms|round(3) }} md"),
    ("Data license:", "Lisensi data:"),
    ("Data source:", "Sumber data:"),
    ("About:", "Tentang:"),
]
PHRASES: dict[str, list[tuple[str, str]]] = {
    "base.html": [
        ('<button class="button-as-link">Log out</button>', '<button class="button-as-link">Keluar</button>')
    ],
    "_footer.html": FOOTER,
    "_description_source_license.html": FOOTER[2:],
    "index.html": [
        (" rows in ", " baris dalam "),
        ("table{% if database.tables_count != 1 %}s{% endif %}", "tabel"),
        ("hidden table{% if database.hidden_tables_count != 1 %}s{% endif -%}", 'tabel tersembunyi{{ "" -}}'),
        ("view{% if database.views_count != 1 %}s{% endif %}", "tampilan"),
        ('title="{{ table.count }} rows"', 'title="{{ table.count }} baris"'),
    ],
    "table.html": [
        (">Table actions</title>", ">Tindakan tabel</title>"),
        ("row{% if filtered_table_rows_count == 1 %}{% else %}s{% endif %}", "baris"),
        ('<label for="_search">Search:</label>', '<label for="_search">Cari:</label>'),
        ('<option value="">- remove filter -</option>', '<option value="">- hapus filter -</option>'),
        ('<option value="">- column -</option>', '<option value="">- kolom -</option>'),
        ('<option value="">Sort...</option>', '<option value="">Urutkan...</option>'),
        (">Sort by {{ column.name }}</option>", ">Urutkan menurut {{ column.name }}</option>"),
        ("> descending</label>", "> menurun</label>"),
        ('<input type="submit" value="Apply">', '<input type="submit" value="Terapkan">'),
        (
            '<span class="underlined">View and edit SQL</span>',
            '<span class="underlined">Lihat dan ubah SQL</span>',
        ),
        ('<p class="export-links">This data as ', '<p class="export-links">Data ini sebagai '),
        ('(<a href="#export">advanced</a>)', '(<a href="#export">lanjutan</a>)'),
        ("These facets timed out:", "Facet ini melewati batas waktu:"),
        ('<a href="{{ next_url }}">Next page</a>', '<a href="{{ next_url }}">Halaman berikutnya</a>'),
        ("<h3>Advanced export</h3>", "<h3>Ekspor lanjutan</h3>"),
        ("<p>JSON shape:", "<p>Bentuk JSON:"),
        ("CSV options:", "Opsi CSV:"),
        ("> download file</label>", "> unduh berkas</label>"),
        ("> expand labels</label>", "> tampilkan label</label>"),
        ("> stream all rows</label>", "> alirkan semua baris</label>"),
        ('<input type="submit" value="Export CSV">', '<input type="submit" value="Ekspor CSV">'),
    ],
    "_table.html": [('<p class="zero-results">0 records</p>', '<p class="zero-results">0 baris</p>')],
    "database.html": [
        (">Table actions</title>", ">Tindakan tabel</title>"),
        ("<h3>Custom SQL query</h3>", "<h3>Kueri SQL sendiri</h3>"),
        (">Format SQL</button>", ">Rapikan SQL</button>"),
        ('<input type="submit" value="Run SQL">', '<input type="submit" value="Jalankan SQL">'),
        ('<h2 id="queries">Queries</h2>', '<h2 id="queries">Kueri tersimpan</h2>'),
        ('<h2 id="tables">Tables</h2>', '<h2 id="tables">Tabel</h2>'),
        ("<em> (hidden)</em>", "<em> (tersembunyi)</em>"),
        ("Many rows", "Banyak baris"),
        ("row{% if table.count == 1 %}{% else %}s{% endif %}", "baris"),
        ("<p>... and <a", "<p>... dan <a"),
        ("hidden table{% if hidden_count == 1 %}{% else %}s{% endif %}", "tabel tersembunyi"),
        ('<h2 id="views">Views</h2>', '<h2 id="views">Tampilan</h2>'),
    ],
    "query.html": [
        ("<h3>Query parameters</h3>", "<h3>Parameter kueri</h3>"),
        (">Format SQL</button>", ">Rapikan SQL</button>"),
        ('value="Run SQL"', 'value="Jalankan SQL"'),
        ('class="canned-query-edit-sql">Edit SQL</a>', 'class="canned-query-edit-sql">Ubah SQL</a>'),
        ('<p class="zero-results">0 results</p>', '<p class="zero-results">0 hasil</p>'),
    ],
    "row.html": [("<h2>Links from other tables</h2>", "<h2>Tautan dari tabel lain</h2>")],
}
PHRASES["table.html"].append(("{% if is_view %} (view){% endif %}", "{% if is_view %} (tampilan){% endif %}"))
# Where Datasette prints metadata (titles, descriptions, licence) or crumbs: through the words filter.
METADATA = [
    (
        "{{ metadata.license or metadata.license_url }}",
        "{{ (metadata.license or metadata.license_url)|waspada_words }}",
    ),
    (
        "{{ metadata.source or metadata.source_url }}",
        "{{ (metadata.source or metadata.source_url)|waspada_words }}",
    ),
]
EXPRESSIONS: dict[str, list[tuple[str, str]]] = {
    "_crumbs.html": [("{{ item.label }}", "{{ item.label|waspada_words }}")],
    "_footer.html": METADATA,
    "_description_source_license.html": [
        *METADATA,
        ("{{ metadata.description_html|safe }}", "{{ metadata.description_html|waspada_words|safe }}"),
        ("{{ metadata.description }}", "{{ metadata.description|waspada_words }}"),
    ],
    "index.html": [
        ('{{ metadata.title or "Datasette" }}', '{{ (metadata.title or "Datasette")|waspada_words }}')
    ],
    "database.html": [
        ("{{ metadata.title or database }}", "{{ (metadata.title or database)|waspada_words }}"),
        ("{{ query.title or query.name }}", "{{ (query.title or query.name)|waspada_words }}"),
        ("{{ query.description or query.sql }}", "{{ (query.description or query.sql)|waspada_words }}"),
    ],
    "table.html": [
        ("{{ metadata.title or table }}", "{{ (metadata.title or table)|waspada_words }}"),
        ("<dd>{{ column_description }}</dd>", "<dd>{{ column_description|waspada_words }}</dd>"),
    ],
    "query.html": [("{{ metadata.title or database }}", "{{ (metadata.title or database)|waspada_words }}")],
}


@cache
def metadata_words() -> dict[str, str]:
    """The metadata's English strings with their Indonesian text."""
    return yaml.safe_load(METADATA_ID.read_text(encoding="utf-8"))


@pass_context
def words(context: Any, text: Any) -> Any:
    """A metadata string in the page's language (unknown strings unchanged)."""
    if not isinstance(text, str) or page_language(context) == "en":
        return text
    return metadata_words().get(text.strip(), text)


@pass_context
def page_language(context: Any) -> str:
    """The language of the page being rendered: the analyst's cookie, else Indonesian."""
    request = context.get("request")
    return i18n.language(None, request.cookies.get(i18n.LANG_COOKIE) if request else None)


def translate(name: str, source: str) -> str:
    """A Datasette template's source with each known phrase shown in the page's language."""
    name = name.removeprefix("default:")
    for english, indonesian in PHRASES.get(name, []):
        choice = f'{{% if {SWITCH}() == "en" %}}{english}{{% else %}}{indonesian}{{% endif %}}'
        source = source.replace(english, choice)
    for expression, filtered in EXPRESSIONS.get(name, []):
        source = source.replace(expression, filtered)
    return source


def missing(name: str, source: str) -> list[str]:
    """Phrases of `name` not found in its source (Datasette changed the template)."""
    known = PHRASES.get(name, []) + EXPRESSIONS.get(name, [])
    return [english for english, _ in known if english not in source]


class TranslatingLoader(BaseLoader):
    """Wraps Datasette's template loader; templates without known phrases pass through unchanged."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return translate(template, source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def install(env: Environment) -> None:
    """Datasette's templates in the page's language."""
    env.globals[SWITCH] = page_language
    env.filters[WORDS_FILTER] = words
    env.loader = TranslatingLoader(env.loader)
