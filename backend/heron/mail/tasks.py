"""E-mail delivery as a job: queued after the commit, so mail survives a restart and an SMTP
server that is down for a while gets the message when it is back."""

from __future__ import annotations

import asyncio

from heron.mail.sender import Mail, deliver
from heron.worker import huey, job_settings


# Retried for about two hours (30 s, doubling) while the SMTP server cannot be reached.
@huey.task(retries=8, retry_delay=30, retry_backoff=2)
def send_mail(to: str, subject: str, text: str) -> None:
    """Deliver one e-mail by SMTP, or to the outbox when no SMTP server is configured."""
    asyncio.run(deliver(job_settings(), Mail(to=to, subject=subject, text=text)))
