"""Outgoing e-mail: SMTP when ``HERON_SMTP_URL`` is set; otherwise the log and ``var/outbox/``,
so a local user can still open the link. Mail is queued as a job (``heron/mail/tasks.py``) only
after the transaction commits."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
import structlog

from heron.config import Settings
from heron.db import Transaction
from heron.kit.ids import uuid7

log = structlog.get_logger("heron.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str


def build_message(settings: Settings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="heron.local")
    message.set_content(mail.text)
    return message


async def deliver(settings: Settings, mail: Mail) -> None:
    message = build_message(settings, mail)
    if settings.smtp_url:
        await _send_smtp(settings.smtp_url, message)
        log.info("mail_sent", to=mail.to, subject=mail.subject)
        return
    path = await asyncio.to_thread(_write_outbox, settings.outbox_dir, message)
    if settings.is_production:
        # Mail carries sign-in links: production logs never hold them.
        log.warning("mail_written_to_outbox_no_smtp", to=mail.to, path=str(path))
        return
    log.info(
        "mail_written_to_outbox", to=mail.to, subject=mail.subject, path=str(path), text=mail.text
    )


async def _send_smtp(url: str, message: EmailMessage) -> None:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    implicit_tls = parts.scheme == "smtps"
    await aiosmtplib.send(
        message,
        hostname=parts.hostname or "localhost",
        port=parts.port or (465 if implicit_tls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=implicit_tls,
        start_tls=query.get("starttls", ["false"])[0].lower() == "true",
        timeout=20,
    )


def _write_outbox(folder: Path, message: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid7()}.eml"
    path.write_bytes(bytes(message))
    return path


def send_after_commit(tx: Transaction, settings: Settings, mail: Mail) -> None:
    """Queue ``mail`` once the current transaction has committed (never for rolled-back work).

    The queue is persistent, so the mail is delivered even if the process restarts first; in the
    test environment it is delivered at once, before the request returns."""

    async def enqueue_mail() -> None:
        # Imported on first use: the task module imports this one, and building the queue
        # reads the process settings, which importing the app must not do.
        from heron import worker
        from heron.mail.tasks import send_mail

        await worker.enqueue(settings, send_mail.s(mail.to, mail.subject, mail.text))

    tx.after_commit(enqueue_mail)
