"""Turn a failed request into one `crawl_errors` reason: http_404, timeout, too_large, robots, dns …"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

# A connection refused, reset or closed mid-answer: the network, not the page.
CONNECTION_ERRORS = (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    ResponseDataLossError,
    ResponseFailed,
    ResponseNeverReceived,
    net.ConnectError,
    net.ConnectionLost,
    net.ConnectionDone,
)


@dataclass(frozen=True)
class FailureInfo:
    """The reason, HTTP status (when there was a response) and a one-line message."""

    reason: str
    http_status: int | None
    message: str


def _ignored(exception: IgnoreRequest) -> str:
    text = str(exception).lower()
    if "robots" in text:
        return "robots"
    if "redirect" in text:
        return "redirect_loop"
    if "maxsize" in text or "size" in text:
        return "too_large"
    return "ignored"


def classify(failure: Failure) -> FailureInfo:
    """What went wrong with a request, as a crawl_errors reason."""
    exception = failure.value
    message = f"{type(exception).__name__}: {exception}".strip()[:500]
    if isinstance(exception, HttpError):
        status = exception.response.status
        return FailureInfo(f"http_{status}", status, f"HTTP {status}")
    if isinstance(exception, IgnoreRequest):
        return FailureInfo(_ignored(exception), None, message)
    if isinstance(exception, DownloadTimeoutError | net.TimeoutError | net.TCPTimedOutError):
        return FailureInfo("timeout", None, message)
    if isinstance(exception, DownloadCancelledError):
        return FailureInfo("too_large", None, message)
    if isinstance(exception, CannotResolveHostError | net.DNSLookupError):
        return FailureInfo("dns", None, message)
    if isinstance(exception, CONNECTION_ERRORS):
        return FailureInfo("connection", None, message)
    return FailureInfo("connection" if isinstance(exception, OSError) else "parse_error", None, message)
