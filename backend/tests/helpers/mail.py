"""A real SMTP server's inbox for tests (aiosmtpd handler)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def token_sent_to(self, address: str, path: str) -> str:
        """The token of the last link to ``path`` e-mailed to ``address``."""
        for message in reversed(self.to(address)):
            body = message.get_payload(decode=True)
            text = body.decode() if isinstance(body, bytes) else str(message.get_payload())
            match = re.search(rf"{re.escape(path)}\?token=([A-Za-z0-9_\-]+)", text)
            if match:
                return match.group(1)
        raise AssertionError(f"no {path} link was sent to {address}")
