"""The workbench's error pages and log lines: one line per 4xx, a 500's traceback only at --debug."""

from __future__ import annotations

import logging
from typing import Any

from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError

log = logging.getLogger("waspada.serve")


def _status(exception: Exception) -> tuple[int, str, str | None]:
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0] if exception.args else exception), None
    if isinstance(exception, DatasetteError):
        return exception.status, str(exception.message), exception.title
    return 500, "Internal server error", None


async def error_response(datasette: Any, request: Any, exception: Exception) -> Response:
    """Datasette's error page (or JSON) for `exception`, logged as one line."""
    status, message, title = _status(exception)
    where = f"{request.method} {request.path}"
    if status >= 500:
        debug = log.isEnabledFor(logging.DEBUG)
        log.error("%s -> %s %s: %s", where, status, type(exception).__name__, exception, exc_info=debug)
    else:
        log.warning("%s -> %s %s", where, status, message)
    info = {"ok": False, "error": message, "status": status, "title": title}
    if request.path.endswith(".json"):
        return Response.json(info, status=status)
    template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
    context = dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=list)
    return Response.html(await template.render_async(context), status=status)


async def refuse_write(request: Any, datasette: Any) -> Response:
    """Datasette's write API is closed: analysts write labels through the label form only."""
    log.warning("%s %s -> 403 write API closed", request.method, request.path)
    return Response.text("Writes go through the label form; the write API is closed.", status=403)
