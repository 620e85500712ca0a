"""Analysts' log-in: throttled password checks, signed session cookies that end on a password change."""

from __future__ import annotations

import asyncio
import logging
import time
from functools import cache
from typing import Any
from urllib.parse import parse_qs

from datasette.utils.asgi import Response
from itsdangerous import BadSignature

from store.errors import InputError
from waspada.datasette import i18n, security, users

SESSION_SECONDS = 12 * 3600  # an analyst logs in again after 12 hours
SESSION_COOKIE = "waspada_session"
log = logging.getLogger("waspada.serve")


async def in_thread(func: Any, *args: Any) -> Any:
    """Run blocking work (password hashing, private connections) off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, func, *args)


def db_path(datasette: Any) -> str:
    """The file of the workbench's one database (for connections of its own, off the event loop)."""
    return datasette.get_database("waspada").path


def here(request: Any) -> str:
    """The request's path and query: where a log-in or a language switch comes back to."""
    return request.path + (f"?{request.query_string}" if request.query_string else "")


@cache
def _throttle() -> security.LoginThrottle:
    """The server's one login throttle, configured on first use."""
    return security.LoginThrottle.configured()


async def form(request: Any) -> dict[str, list[str]]:
    """The posted form; InputError (a 400) when it is not UTF-8 URL-encoded text."""
    body = await request.post_body()
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError("the form is not UTF-8 URL-encoded text") from error


def _session_cookie(datasette: Any, response: Response, name: str, stamp: str) -> None:
    expires = int(time.time()) + SESSION_SECONDS
    value = datasette.sign({"id": name, "stamp": stamp, "e": expires}, SESSION_COOKIE)
    response.set_cookie(
        SESSION_COOKIE,
        value,
        httponly=True,
        max_age=SESSION_SECONDS,
        samesite="lax",
        secure=security.secure_cookies(),
    )


async def _try_login(request: Any, datasette: Any, form: dict[str, list[str]]) -> tuple[str | None, int]:
    """(error, status) of one attempt: throttled before the password is even checked."""
    name = (form.get("username") or [""])[0].strip()
    password = (form.get("password") or [""])[0]
    client = (request.scope.get("client") or ("?",))[0]
    keys, throttle = security.throttle_keys(name, client), _throttle()
    wait = throttle.locked(keys)
    if wait:
        log.warning("login throttled for %r from %s", name, client)
        words = i18n.WORDS[i18n.request_language(request)]
        return words["login_throttled"].format(minutes=int(wait // 60) + 1), 429
    if await in_thread(users.verify_file, db_path(datasette), name, password):
        throttle.succeeded(keys)
        return None, 200
    throttle.failed(keys)
    return i18n.WORDS[i18n.request_language(request)]["login_failed"], 401


async def login(request: Any, datasette: Any) -> Response:
    """GET: the login form; POST: check the password (throttled) and set the signed session cookie."""
    error, status, name = None, 200, ""
    if request.method == "POST":
        try:
            posted = await form(request)
        except InputError as bad_form:
            return Response.text(f"Not logged in: {bad_form}", status=400)
        name = (posted.get("username") or [""])[0].strip()
        error, status = await _try_login(request, datasette, posted)
        if not error:
            response = Response.redirect(security.safe_next((posted.get("next") or [""])[0]))
            stamp = await in_thread(users.stamp_file, db_path(datasette), name)
            _session_cookie(datasette, response, name, stamp or "")
            message = i18n.WORDS[i18n.request_language(request)]["logged_in"].format(name=name)
            datasette.add_message(request, message, datasette.INFO)
            return response
    lang = i18n.request_language(request)
    html = await datasette.render_template(
        "waspada_login.html",
        {
            "error": error,
            "username": name,
            "next": security.safe_next(request.args.get("next")),
            "w": i18n.WORDS[lang],
            "lang": lang,
            "switch_next": here(request),
        },
        request=request,
    )
    return Response.html(html, status=status)


async def logout(request: Any, datasette: Any) -> Response:
    """End this browser's session."""
    response = Response.redirect("/")
    response.set_cookie(SESSION_COOKIE, "", expires=0, max_age=0)
    return response


async def session_actor(datasette: Any, cookie: str) -> dict | None:
    """The analyst of a signed, unexpired session whose password and account are unchanged since log-in."""
    try:
        session = datasette.unsign(cookie, SESSION_COOKIE)
    except BadSignature:
        return None
    if not isinstance(session, dict) or int(session.get("e", 0)) < time.time():
        return None
    stamp = await in_thread(users.stamp_file, db_path(datasette), str(session.get("id")))
    if stamp is None or stamp != session.get("stamp"):
        return None
    return {"id": session["id"], "waspada": "analyst"}
