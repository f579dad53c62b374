"""The texts of Heron's e-mails."""

from __future__ import annotations

from heron.config import Settings
from heron.mail.sender import Mail


def verify_email(settings: Settings, to: str, name: str, token: str) -> Mail:
    link = f"{settings.public_url}/verify-email?token={token}"
    return Mail(
        to=to,
        subject="Confirm your e-mail address for Heron",
        text=(
            f"Hello {name},\n\nPlease confirm your e-mail address by opening this link:\n\n"
            f"{link}\n\n"
            f"The link is valid for {settings.email_token_hours} hours. If you did not sign up for "
            "Heron, ignore this message.\n"
        ),
    )


def reset_password(settings: Settings, to: str, name: str, token: str) -> Mail:
    link = f"{settings.public_url}/reset-password?token={token}"
    return Mail(
        to=to,
        subject="Reset your Heron password",
        text=(
            f"Hello {name},\n\nSomeone (hopefully you) asked to reset your Heron password. "
            f"Choose a new one here:\n\n{link}\n\nThe link is valid for "
            f"{settings.password_reset_minutes} minutes and works once. If you did not ask, "
            "ignore this message: your password stays as it is.\n"
        ),
    )


def invitation(
    settings: Settings, to: str, org_name: str, inviter: str, role: str, token: str
) -> Mail:
    link = f"{settings.public_url}/accept-invitation?token={token}"
    # Names are user text: one line each, so they cannot break the Subject header.
    inviter, org_name = " ".join(inviter.split()), " ".join(org_name.split())
    return Mail(
        to=to,
        subject=f"{inviter} invited you to {org_name} on Heron",
        text=(
            f"Hello,\n\n{inviter} invited you to join {org_name} on Heron as "
            f"{role.capitalize()}.\n\nAccept the invitation here:\n\n{link}\n\n"
            f"The link works once and expires in {settings.invitation_days} days. If you did not "
            "expect this invitation, ignore this message.\n"
        ),
    )
