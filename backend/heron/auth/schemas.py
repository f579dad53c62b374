"""What the authentication endpoints take and give."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, EmailStr, Field, StringConstraints

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
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {
                    "email": "ada@example.com",
                    "password": "correct horse battery",
                    "full_name": "Ada Lovelace",
                    "organization_name": "Analytical Engines Ltd",
                }
            ]
        },
    )

    email: Email
    password: NewPassword
    full_name: Name
    organization_name: Name
    refresh_in_body: bool = Field(
        default=False,
        description="Also return the refresh token in the body (non-browser clients).",
    )


class LoginIn(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {"email": "ada@example.com", "password": "correct horse battery"},
                {
                    "email": "ada@example.com",
                    "password": "correct horse battery",
                    "organization_id": "0192f0c4-5b1e-7c3a-9d2e-4f6a8b0c1d2e",
                    "refresh_in_body": True,
                },
            ]
        },
    )

    email: Email
    password: AnyPassword
    organization_id: uuid.UUID | None = Field(
        default=None, description="Start in this organization."
    )
    refresh_in_body: bool = False


class RefreshIn(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [{"refresh_token": "Q2xbR4v9kLw1pZ8sT3yN6mE0aJ5uC7dFh1gK2jL3m4n"}, {}]
        },
    )

    refresh_token: Token | None = Field(
        default=None, description="For non-browser clients; browsers send the HttpOnly cookie."
    )


class LogoutIn(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={"examples": [{"all_devices": False}, {"all_devices": True}]},
    )

    all_devices: bool = Field(default=False, description="Sign out every session of this user.")


class SwitchIn(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [{"organization_id": "0192f0c4-5b1e-7c3a-9d2e-4f6a8b0c1d2e"}]
        },
    )

    organization_id: uuid.UUID


class ForgotPasswordIn(Input):
    model_config = ConfigDict(
        **Input.model_config, json_schema_extra={"examples": [{"email": "ada@example.com"}]}
    )

    email: Email


class ResetPasswordIn(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {
                    "token": "Xq3vN8bL1sK7pR2mT9wZ4yC6dH0fJ5gA8eU1iO3kW7q",
                    "new_password": "a new long passphrase",
                }
            ]
        },
    )

    token: Token
    new_password: NewPassword


class ChangePasswordIn(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {
                    "current_password": "correct horse battery",
                    "new_password": "a new long passphrase",
                }
            ]
        },
    )

    current_password: AnyPassword
    new_password: NewPassword


class VerifyEmailIn(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={"examples": [{"token": "Xq3vN8bL1sK7pR2mT9wZ4yC6dH0fJ5gA8eU1iO3kW7q"}]},
    )

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
