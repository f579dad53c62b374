"""What the authentication endpoints take and give."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from heron.kit.schemas import Input, Schema
from heron.users.schemas import UserOut

PASSWORD_MIN = 10
PASSWORD_MAX = 256


def _lower(value: str) -> str:
    return value.lower()


Email = Annotated[EmailStr, Field(max_length=320), AfterValidator(_lower)]
NewPassword = Annotated[
    str,
    Field(
        min_length=PASSWORD_MIN,
        max_length=PASSWORD_MAX,
        description=f"{PASSWORD_MIN} to {PASSWORD_MAX} characters.",
    ),
]
AnyPassword = Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]
Token = Annotated[str, StringConstraints(min_length=10, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class RegisterIn(Input):
    email: Email
    password: NewPassword
    full_name: Name
    organization_name: Name
    refresh_in_body: bool = Field(
        default=False,
        description="Also return the refresh token in the body (non-browser clients).",
    )


class LoginIn(Input):
    email: Email
    password: AnyPassword
    organization_id: uuid.UUID | None = Field(
        default=None, description="Start in this organization."
    )
    refresh_in_body: bool = False


class RefreshIn(Input):
    refresh_token: Token | None = Field(
        default=None, description="For non-browser clients; browsers send the HttpOnly cookie."
    )


class LogoutIn(Input):
    all_devices: bool = Field(default=False, description="Sign out every session of this user.")


class SwitchIn(Input):
    organization_id: uuid.UUID


class ForgotPasswordIn(Input):
    email: Email


class ResetPasswordIn(Input):
    token: Token
    new_password: NewPassword


class ChangePasswordIn(Input):
    current_password: AnyPassword
    new_password: NewPassword


class VerifyEmailIn(Input):
    token: Token


class TokenOut(Schema):
    access_token: str
    token_type: Literal["bearer"]
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = Field(description="Only when asked for with `refresh_in_body`.")
    organization_id: uuid.UUID | None
    user: UserOut


class Message(Schema):
    message: str
