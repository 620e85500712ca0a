"""Send a digest by SMTP: HTML with a plain-text (Markdown) alternative; settings from store.config."""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

from reports import coverage, labels, rendering
from store import config
from store.errors import ConfigError, WaspadaError

PASSWORD_ENV = "WASPADA_SMTP_PASSWORD"
TRUE = {"1", "true", "yes", "on"}


def settings() -> dict[str, Any]:
    """smtp_host, smtp_port, smtp_user, smtp_starttls, smtp_from, digest_to (password: environment)."""
    host, to = config.get("smtp_host"), config.get("digest_to")
    if not host or not to:
        raise ConfigError(
            "set smtp_host and digest_to (waspada.toml or WASPADA_SMTP_HOST / WASPADA_DIGEST_TO)"
        )
    recipients = to if isinstance(to, list) else [a.strip() for a in str(to).split(",") if a.strip()]
    starttls = config.get("smtp_starttls")
    user = config.get("smtp_user")
    return {
        "host": str(host),
        "port": int(config.get("smtp_port") or 587),
        "user": user,
        "password": os.environ.get(PASSWORD_ENV),
        "starttls": starttls if isinstance(starttls, bool) else str(starttls or "true").lower() in TRUE,
        "sender": config.get("smtp_from") or user or "waspada@localhost",
        "to": recipients,
    }


def message(document: dict[str, Any], sender: str, recipients: list[str]) -> EmailMessage:
    """The digest as a multipart/alternative e-mail."""
    mail = EmailMessage()
    mail["Subject"] = subject(document)
    mail["From"] = sender
    mail["To"] = ", ".join(recipients)
    mail.set_content(rendering.render(document, "md"))
    mail.add_alternative(rendering.render(document, "html"), subtype="html")
    return mail


def subject(document: dict[str, Any]) -> str:
    """'<title> · 2026-11-27 · 2 sinyal'; an inbox must not read '0 sinyal' on a day without data, with
    incomplete data or with no history to judge its coverage by, so the subject says which."""
    lang, found = document["lang"], document["coverage"]
    head = f"{labels.text('title', lang)} · {document['date']}"
    if found["status"] == "none":
        return f"{head} · {labels.text('subject_no_data', lang)}"
    signals = labels.counted(len(document["signals"]), "signals", lang)
    caveat = "subject_unknown" if found["status"] == "unknown" else "subject_incomplete"
    return f"{head} · {signals}" + ("" if coverage.complete(found) else f" ({labels.text(caveat, lang)})")


def send(mail: EmailMessage, options: dict[str, Any]) -> None:
    """Deliver through the configured server (STARTTLS and login when configured)."""
    try:
        with smtplib.SMTP(options["host"], options["port"], timeout=30) as server:
            server.ehlo()
            if options["starttls"]:
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if options["user"]:
                if not options["password"]:
                    raise ConfigError(f"smtp_user is set but {PASSWORD_ENV} is empty")
                server.login(options["user"], options["password"])
            server.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        raise WaspadaError(
            f"cannot send the digest via {options['host']}:{options['port']}: {error}"
        ) from error


def send_digest(document: dict[str, Any]) -> list[str]:
    """Send the digest to digest_to; returns the recipients."""
    options = settings()
    send(message(document, options["sender"], options["to"]), options)
    return options["to"]
