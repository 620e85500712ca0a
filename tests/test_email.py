"""Delivery: the digest reaches a real local SMTP server (aiosmtpd) as HTML with a text alternative."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from report_fixtures import load_sample

from reports import delivery
from reports import digest as digest_module
from store.db import open_db
from waspada.cli import cli

USER, PASSWORD = "analis", "rahasia-123"
# The local test server allows AUTH without TLS; aiosmtpd warns about that, rightly, for real servers.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


class Inbox:
    """Keeps every message the server accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd hook
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    load_sample(open_db(path))
    return path


def configure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, port: int, starttls: str = "false") -> None:
    monkeypatch.setenv("WASPADA_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("WASPADA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WASPADA_SMTP_PORT", str(port))
    monkeypatch.setenv("WASPADA_SMTP_USER", USER)
    monkeypatch.setenv("WASPADA_SMTP_STARTTLS", starttls)
    monkeypatch.setenv("WASPADA_DIGEST_TO", "meja@kesbangpol.test, piket@kesbangpol.test")
    monkeypatch.setenv("WASPADA_SMTP_PASSWORD", PASSWORD)


def digest(*args: str):  # noqa: ANN201 - click Result
    return CliRunner().invoke(cli, ["digest", *args])


def test_digest_is_delivered_as_html_with_a_text_part(
    smtp_server,
    sample_path: Path,
    tmp_path: Path,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, port = smtp_server
    configure(monkeypatch, tmp_path, port)
    result = digest(
        "--db",
        str(sample_path),
        "--date",
        "2026-11-27",
        "--days",
        "7",
        "--email",
        "--out",
        str(tmp_path / "d.html"),
    )
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    sender, recipients, raw = inbox.messages[0]
    assert recipients == ["meja@kesbangpol.test", "piket@kesbangpol.test"] and sender == USER
    message = email.message_from_bytes(raw, policy=policy.default)
    assert "Ringkasan Harian" in message["Subject"] and "2026-11-27" in message["Subject"]
    assert message["Subject"].endswith(" · 2026-11-27 · 7 sinyal")
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "3 cerita sengketa tata kelola di Kalimantan Selatan" in html and "<svg" in html
    assert "3 cerita sengketa tata kelola di Kalimantan Selatan" in text and "<svg" not in text


def test_wrong_password_is_a_one_line_error(
    smtp_server,
    sample_path: Path,
    tmp_path: Path,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, port = smtp_server
    configure(monkeypatch, tmp_path, port)
    monkeypatch.setenv("WASPADA_SMTP_PASSWORD", "salah")
    result = digest(
        "--db", str(sample_path), "--date", "2026-11-27", "--email", "--out", str(tmp_path / "d.html")
    )
    assert result.exit_code != 0 and "cannot send the digest" in result.output and not inbox.messages
    assert "Traceback" not in result.output


def test_starttls_required_but_not_offered_fails_clearly(
    smtp_server,
    sample_path: Path,
    tmp_path: Path,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, port = smtp_server
    configure(monkeypatch, tmp_path, port, starttls="true")
    result = digest(
        "--db", str(sample_path), "--date", "2026-11-27", "--email", "--out", str(tmp_path / "d.html")
    )
    assert result.exit_code != 0 and "STARTTLS" in result.output and not inbox.messages


def test_missing_settings_name_the_keys(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WASPADA_CONFIG", str(tmp_path / "none.toml"))
    for key in ("WASPADA_SMTP_HOST", "WASPADA_DIGEST_TO"):
        monkeypatch.delenv(key, raising=False)
    result = digest(
        "--db", str(sample_path), "--date", "2026-11-27", "--email", "--out", str(tmp_path / "d.html")
    )
    assert result.exit_code != 0 and "smtp_host" in result.output


def test_the_subject_says_when_there_is_no_or_incomplete_data(sample_path: Path) -> None:
    db = open_db(sample_path)
    empty = digest_module.build(db, date(2026, 12, 5), 1)
    assert delivery.subject(empty).endswith(" · 2026-12-05 · tidak ada data")  # not "0 sinyal"
    week = digest_module.build(db, date(2026, 11, 27), 7, lang="en")
    assert delivery.subject(week).endswith(" · 2026-11-27 · 7 signals")
    low = {**week, "signals": week["signals"][:1], "coverage": {**week["coverage"], "status": "low"}}
    assert delivery.subject(low).endswith(" · 1 signal (incomplete data)")
    unknown = {**week, "signals": [], "coverage": {**week["coverage"], "status": "unknown"}}
    assert delivery.subject(unknown).endswith(" · 0 signals (no history yet)")  # coverage not judged
