"""Datasette plugin: the workbench's routes and hooks (login, article page, queue, facets, search, guards)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from store.errors import InputError
from waspada.datasette import article, chrome, errors, i18n, labeling, login, search, security, users
from waspada.datasette.facets import CountedFacet, MultiFacet
from waspada.datasette.queue import LabelQueue

DATABASE = "waspada"
ARTICLE_VIEWS = {"articles", "article_overview", "label_candidates"}
QUEUE_SIZE = 50
SEARCHED_PATHS = {f"/{DATABASE}/articles", f"/{DATABASE}/article_overview"}
MAX_ID = 2**63 - 1
STEM_REFRESH_SECONDS = 15 * 60
STEMS_REFRESHED: dict[str, float] = {}
LABEL_QUEUE = LabelQueue()


def _analyst(request: Any) -> str | None:
    """The logged-in analyst's name, or None for anonymous readers."""
    actor = request.actor or {}
    return actor.get("id") if actor.get("waspada") == "analyst" else None


_in_thread = login.in_thread


def _article_url(datasette: Any, article_id: int | str) -> str:
    """Every article link of the workbench leads to the analyst's article page."""
    return f"/-/waspada/article/{int(article_id)}"


@hookimpl
def actor_from_request(datasette: Any, request: Any) -> Any:
    """The analyst of a valid session cookie (see waspada/datasette/login.py)."""
    cookie = request.cookies.get(login.SESSION_COOKIE)
    if not cookie:
        return None

    async def inner() -> dict | None:
        return await login.session_actor(datasette, cookie)

    return inner


def _skips(value: str) -> list[int]:
    """The articles skipped on this walk through the queue (the last 50)."""
    return [int(part) for part in value.split(",") if part.isdigit() and int(part) <= MAX_ID][-50:]


async def _next_page(datasette: Any, article_id: int, skipped: list[int]) -> Response:
    """The next article of the queue (with the skipped ones carried along), else the queue page."""
    db = datasette.get_database(DATABASE)
    skip = {*skipped, article_id}
    following = await db.execute_fn(lambda conn: LABEL_QUEUE.rows_for(conn, 1, skip))
    if not following:
        return Response.redirect("/-/waspada/queue")
    trail = f"&skip={','.join(map(str, skipped))}" if skipped else ""
    return Response.redirect(_article_url(datasette, following[0]["id"]) + "?queue=1" + trail)


async def label(request: Any, datasette: Any) -> Response:
    """POST: store an analyst's label (or skip the article), then the same or the next article."""
    if request.method != "POST":
        return Response.text("Use POST to label an article.", status=405)
    article_id = int(request.url_vars["article_id"])
    db = datasette.get_database(DATABASE)
    analyst = _analyst(request)
    if not analyst:
        return Response.text("Log in as an analyst to label articles.", status=403)
    if article_id > MAX_ID:
        return Response.text(f"Label not saved: no article {article_id}", status=400)
    try:
        form = await login.form(request)
        action = (form.get("action") or [""])[0]
        skipped = _skips((form.get("skip") or [""])[0])
        if action == "skip":
            return await _next_page(datasette, article_id, [*skipped, article_id])
        parsed = labeling.parse_form(article_id, analyst, form)
        await db.execute_write_fn(lambda conn: labeling.save(conn, parsed), block=True)
    except InputError as error:
        return Response.text(f"Label not saved: {error}", status=400)
    datasette.add_message(request, f"Label saved for article {article_id}.", datasette.INFO)
    if action == "next" or (form.get("next") or [""])[0] == "queue":
        return await _next_page(datasette, article_id, skipped)
    return Response.redirect(_article_url(datasette, article_id))


async def article_page(request: Any, datasette: Any) -> Response:
    """The analyst's article page: the label form at the top, then the readable article."""
    article_id = int(request.url_vars["article_id"])
    lang = i18n.request_language(request)
    db = datasette.get_database(DATABASE)
    page = None
    if article_id <= MAX_ID:
        page = await db.execute_fn(lambda conn: article.context(conn, article_id, lang))
    if page is None:
        return Response.text(i18n.WORDS[lang]["not_found"], status=404)
    analyst = _analyst(request)
    page.update(
        analyst=analyst,
        queue=request.args.get("queue") == "1",
        skip=",".join(map(str, _skips(request.args.get("skip") or ""))),
        login_url="/-/waspada/login?next=" + quote(login.here(request), safe=""),
        labels=await _in_thread(article.labels_with_names, login.db_path(datasette), article_id)
        if analyst
        else [],
        regions_json=Markup(json.dumps(article.region_choices(), ensure_ascii=False).replace("</", "<\\/")),
    )
    html = await datasette.render_template("waspada_article.html", {"page": page}, request=request)
    response = Response.html(html)
    if request.args.get("lang") in i18n.LANGS:
        response.set_cookie(i18n.LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


async def _queue(db: Any, limit: int) -> list[dict]:
    return [dict(row) for row in await db.execute_fn(lambda conn: LABEL_QUEUE.rows_for(conn, limit))]


async def queue(request: Any, datasette: Any) -> Response:
    """The next articles to label, least certain first."""
    rows = await _queue(datasette.get_database(DATABASE), QUEUE_SIZE)
    for row in rows:
        row["url"] = _article_url(datasette, row["id"]) + "?queue=1"
    lang = i18n.request_language(request)
    context = {"rows": rows, "analyst": _analyst(request), "w": i18n.WORDS[lang], "lang": lang}
    html = await datasette.render_template("waspada_queue.html", context, request=request)
    return Response.html(html)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    conn.set_authorizer(security.hide_private_columns)


@hookimpl(trylast=True, specname="prepare_connection")
def stemmed_search(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Replace Datasette's escape_fts (registered before this) with one that adds the word forms."""
    if database == DATABASE:
        escape_fts = search.sql_function(login.db_path(datasette))
        conn.create_function("escape_fts", 1, escape_fts, deterministic=True)


async def _refresh_stems(datasette: Any) -> None:
    """Stem the words new articles brought into the index, at most every STEM_REFRESH_SECONDS."""
    if time.monotonic() - STEMS_REFRESHED.get("at", 0.0) < STEM_REFRESH_SECONDS:
        return
    STEMS_REFRESHED["at"] = time.monotonic()
    db = datasette.get_database(DATABASE)
    await db.execute_write_fn(lambda conn: search.refresh(sqlite_utils.Database(conn)), block=False)


@hookimpl
def startup(datasette: Any) -> Any:
    async def inner() -> None:
        STEMS_REFRESHED["at"] = time.monotonic()  # serve.build() has just stemmed the index
        await _in_thread(users._decoy_hash)  # the first unknown name must not be slower than the rest
        db = datasette.get_database(DATABASE)
        asyncio.get_running_loop().create_task(_queue(db, 1))  # read the queue before the first analyst

    return inner


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """One log line per 4xx; a 500 is one line plus its traceback at --debug; never a rich dump."""

    async def inner() -> Any:
        return await errors.error_response(datasette, request, exception)

    return inner


def _plain_search(args: dict[str, list[str]]) -> bool:
    """A search with no column filters: its count can come from the FTS index alone."""
    return bool(args.get("_search", [""])[0].strip()) and all(key.startswith("_") for key in args)


def skip_search_count(scope: dict) -> dict:
    """Ask Datasette not to count a plain search (SQLite's count over `id in (...)` takes 0.3 s per 200k
    matches); the page shows the FTS index's count instead. `_count=1` keeps Datasette's count."""
    if scope.get("type") != "http" or scope.get("path", "").split(".")[0] not in SEARCHED_PATHS:
        return scope
    args = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if args.pop("_count", None) is not None:
        return dict(scope, query_string=urlencode(args, doseq=True).encode("latin-1"))
    if _plain_search(args) and "_nocount" not in args:
        return dict(scope, query_string=scope["query_string"] + b"&_nocount=1")
    return scope


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def inner(scope: dict, receive: Any, send: Any) -> None:
            await app(skip_search_count(scope), receive, send)

        return security.reject_undecodable_forms(inner)

    return wrap


@hookimpl
def register_facet_classes() -> list:
    return [CountedFacet, MultiFacet]


@hookimpl
def register_routes(datasette: Any) -> list:
    return [
        (r"^/[^/]+/[^/]+/-/(insert|upsert|update|delete|drop)$", errors.refuse_write),
        (r"^/[^/]+/[^/]+/[^/]+/-/(update|delete)$", errors.refuse_write),
        (r"^/[^/]+/-/create$", errors.refuse_write),
        (r"^/-/waspada/login$", login.login),
        (r"^/-/waspada/logout$", login.logout),
        (r"^/-/waspada/label/(?P<article_id>\d+)$", label),
        (r"^/-/waspada/queue$", queue),
        (r"^/-/waspada/lang/(?P<lang>id|en)$", switch_language),
        (r"^/-/waspada/article/(?P<article_id>\d+)$", article_page),
        (rf"^/{DATABASE}/(articles|article_overview)/(?P<article_id>\d+)$", article_page),
    ]


@hookimpl
def menu_links(datasette: Any, actor: Any, request: Any) -> list[dict]:
    lang = i18n.request_language(request) if request else "id"
    words = i18n.WORDS[lang]
    links = [{"href": "/-/waspada/queue", "label": words["queue"]}]
    if not (actor or {}).get("waspada"):
        links.append({"href": "/-/waspada/login", "label": words["log_in"]})
    else:
        links.append({"href": "/-/waspada/logout", "label": words["log_out"]})
    here = login.here(request) if request else "/"
    other = "en" if lang == "id" else "id"
    links.append({"href": f"/-/waspada/lang/{other}?next={quote(here, safe='')}", "label": words["switch"]})
    return links


async def switch_language(request: Any, datasette: Any) -> Response:
    """Remember the chosen language in a cookie and go back to the page (a same-origin path only)."""
    response = Response.redirect(security.safe_next(request.args.get("next")))
    response.set_cookie(i18n.LANG_COOKIE, request.url_vars["lang"], max_age=365 * 86400, samesite="lax")
    return response


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    chrome.install(env)  # Datasette's own pages in Indonesian by default


async def _search_matches(datasette: Any, request: Any) -> dict[str, Any]:
    args = {key: request.args.getlist(key) for key in request.args}
    if not _plain_search(args):
        return {}
    await _refresh_stems(datasette)
    db = datasette.get_database(DATABASE)
    query = search.expand(args["_search"][0], db.path)
    try:
        result = await db.execute("select count(*) from articles_fts where articles_fts match ?", [query])
    except Exception:  # noqa: BLE001 - a query the index cannot parse: Datasette shows its own error
        return {}
    return {"waspada_matches": result.rows[0][0], "waspada_search": args["_search"][0]}


@hookimpl
def extra_template_vars(
    template: str, database: str, table: str, view_name: str, request: Any, datasette: Any
) -> Any:
    if database != DATABASE or request is None:
        return {}
    if view_name == "table" and f"/{database}/{table}" in SEARCHED_PATHS:

        async def matches() -> dict[str, Any]:
            return await _search_matches(datasette, request)

        return matches
    return {}


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Link article ids in the workbench's views and stored queries to the article (and its form), and
    a stored query's story ids to the story."""
    if database != DATABASE or value is None:
        return None
    if column == "story" and table is None:
        url = datasette.urls.row(DATABASE, "stories", str(value))
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
    if column != "id":
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    if table in ARTICLE_VIEWS or (table is None and "title" in keys):
        url = _article_url(datasette, value)
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
    return None
