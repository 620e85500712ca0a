"""Datasette plugin: analysts' login, the labeling form on article pages, and the label queue."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from datasette import hookimpl
from datasette.utils import baseconv, escape_fts
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from store.errors import InputError
from waspada.datasette import labeling, users

DATABASE = "waspada"
ARTICLE_VIEWS = {"article_overview", "label_candidates"}
QUEUE_SIZE = 50
SEARCHED_PATHS = {f"/{DATABASE}/articles", f"/{DATABASE}/article_overview"}
SESSION_SECONDS = 12 * 3600  # an analyst logs in again after 12 hours


def _analyst(request: Any) -> str | None:
    """The logged-in analyst's name, or None for anonymous readers."""
    actor = request.actor or {}
    return actor.get("id") if actor.get("waspada") == "analyst" else None


def _safe_next(value: str | None, default: str = "/") -> str:
    if value and value.startswith("/") and not value.startswith("//"):
        return value
    return default


def _article_url(datasette: Any, article_id: int | str) -> str:
    return datasette.urls.row(DATABASE, "articles", str(article_id))


async def _form(request: Any) -> dict[str, list[str]]:
    return parse_qs((await request.post_body()).decode("utf-8"), keep_blank_values=True)


async def login(request: Any, datasette: Any) -> Response:
    """GET: the login form; POST: check the password and set the signed actor cookie."""
    error, name = None, ""
    if request.method == "POST":
        form = await _form(request)
        name = (form.get("username") or [""])[0].strip()
        password = (form.get("password") or [""])[0]
        path = datasette.get_database(DATABASE).path
        ok = await asyncio.get_running_loop().run_in_executor(None, users.verify_file, path, name, password)
        if ok:
            response = Response.redirect(_safe_next((form.get("next") or [""])[0]))
            actor = {"id": name, "waspada": "analyst"}
            expires = baseconv.base62.encode(int(time.time()) + SESSION_SECONDS)
            cookie = datasette.sign({"a": actor, "e": expires}, "actor")
            response.set_cookie("ds_actor", cookie, httponly=True, max_age=SESSION_SECONDS)
            datasette.add_message(request, f"Logged in as {name}", datasette.INFO)
            return response
        error = "Unknown user or wrong password."
    html = await datasette.render_template(
        "waspada_login.html",
        {"error": error, "username": name, "next": _safe_next(request.args.get("next"))},
        request=request,
    )
    return Response.html(html, status=401 if error else 200)


async def label(request: Any, datasette: Any) -> Response:
    """POST: store an analyst's label for one article (anonymous users are refused)."""
    if request.method != "POST":
        return Response.text("Use POST to label an article.", status=405)
    article_id = int(request.url_vars["article_id"])
    db = datasette.get_database(DATABASE)
    analyst = _analyst(request)
    if not analyst or not await db.execute_fn(lambda conn: users.exists_conn(conn, analyst)):
        return Response.text("Log in as an analyst to label articles.", status=403)
    form = await _form(request)
    try:
        parsed = labeling.parse_form(article_id, analyst, form)
        await db.execute_write_fn(lambda conn: labeling.save(conn, parsed), block=True)
    except InputError as error:
        return Response.text(f"Label not saved: {error}", status=400)
    datasette.add_message(request, f"Label saved for article {article_id}.", datasette.INFO)
    if (form.get("next") or [""])[0] == "queue":
        following = await _queue(db, 1)
        if following:
            return Response.redirect(_article_url(datasette, following[0]["id"]) + "?queue=1")
        return Response.redirect("/-/waspada/queue")
    return Response.redirect(_article_url(datasette, article_id))


async def _queue(db: Any, limit: int) -> list[dict]:
    result = await db.execute("select * from label_candidates limit ?", [limit])
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


async def queue(request: Any, datasette: Any) -> Response:
    """The next articles to label, least certain first."""
    rows = await _queue(datasette.get_database(DATABASE), QUEUE_SIZE)
    for row in rows:
        row["url"] = _article_url(datasette, row["id"]) + "?queue=1"
    html = await datasette.render_template(
        "waspada_queue.html", {"rows": rows, "analyst": _analyst(request)}, request=request
    )
    return Response.html(html)


def _hide_hashes(action: int, table: str | None, column: str | None, *_: object) -> int:
    """SQLite authorizer: password hashes read as NULL through Datasette, whatever the SQL."""
    if action == sqlite3.SQLITE_READ and table == "users" and column == "password_hash":
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    conn.set_authorizer(_hide_hashes)


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

        return inner

    return wrap


@hookimpl
def register_routes(datasette: Any) -> list:
    return [
        (r"^/-/waspada/login$", login),
        (r"^/-/waspada/label/(?P<article_id>\d+)$", label),
        (r"^/-/waspada/queue$", queue),
    ]


@hookimpl
def menu_links(datasette: Any, actor: Any, request: Any) -> list[dict]:
    links = [{"href": "/-/waspada/queue", "label": "Label queue"}]
    if not (actor or {}).get("waspada"):
        links.append({"href": "/-/waspada/login", "label": "Analyst log in"})
    return links


def _loads(value: str | None, default: Any) -> Any:
    try:
        return json.loads(value) if value else default
    except (TypeError, ValueError):
        return default


def _rows(conn: sqlite3.Connection, sql: str, params: list) -> list[dict[str, Any]]:
    """Rows as dicts, without touching the shared connection's row factory."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _article_context(conn: sqlite3.Connection, article_id: int) -> dict[str, Any]:
    tags = _rows(conn, "select * from article_tags where article_id = ?", [article_id])
    place = _rows(conn, "select * from article_places where article_id = ?", [article_id])
    return {
        "tags": tags[0] if tags else None,
        "place": place[0] if place else None,
        "labels": _rows(
            conn, "select * from labels where article_id = ? order by id desc limit 20", [article_id]
        ),
        "regions": _rows(conn, "select code, name, level from regions order by code", []),
    }


def _defaults(context: dict[str, Any]) -> dict[str, Any]:
    """The form's starting values: the latest label, else the model's tags and the tagger's place."""
    if context["labels"]:
        latest = context["labels"][0]
        return {
            "conflict": latest["conflict"],
            "themes": _loads(latest["themes"], []),
            "province_code": latest["province_code"],
            "regency_code": latest["regency_code"],
        }
    tags, place = context["tags"] or {}, context["place"] or {}
    return {
        "conflict": tags.get("conflict"),
        "themes": _loads(tags.get("themes"), []),
        "province_code": place.get("province_code"),
        "regency_code": place.get("regency_code"),
    }


async def _search_matches(datasette: Any, request: Any) -> dict[str, Any]:
    args = {key: request.args.getlist(key) for key in request.args}
    if not _plain_search(args):
        return {}
    search = escape_fts(args["_search"][0])
    db = datasette.get_database(DATABASE)
    try:
        result = await db.execute("select count(*) from articles_fts where articles_fts match ?", [search])
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
    if view_name != "row" or table != "articles":
        return {}

    async def inner() -> dict[str, Any]:
        try:
            article_id = int(request.url_vars["pks"])
        except (KeyError, ValueError):
            return {}
        db = datasette.get_database(DATABASE)
        context = await db.execute_fn(lambda conn: _article_context(conn, article_id))
        tags = context["tags"] or {}
        scores = _loads(tags.get("theme_scores"), {})
        context.update(
            article_id=article_id,
            themes=[{"name": theme, "score": scores.get(theme)} for theme in labeling.THEMES],
            model_themes=_loads(tags.get("themes"), []),
            defaults=_defaults(context),
            analyst=_analyst(request),
            from_queue=request.args.get("queue") == "1",
            login_url="/-/waspada/login?next=" + quote(request.path),
        )
        return {"waspada": context}

    return inner


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Link article ids in the workbench's views and stored queries to the article (and its form)."""
    if database != DATABASE or column != "id" or value is None:
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    if table in ARTICLE_VIEWS or (table is None and "title" in keys):
        url = _article_url(datasette, value)
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
    return None
