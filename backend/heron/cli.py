"""The `heron` command: serve, worker, migrate, seed, create-user.

Thin on purpose: each command reads the settings, calls one function of a domain module and
prints the outcome. A refusal the user can act on is one line on stderr and exit status 1.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from heron.config import Settings, get_settings
from heron.kit.logging import configure_logging
from heron.ops.migrations import SchemaBehind
from heron.roles.matrix import Role
from heron.seed.accounts import AccountError, NewAccount

app = typer.Typer(
    name="heron",
    help="Heron, an open-source, API-first CRM.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str) -> NoReturn:
    typer.echo(f"heron: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def _refusals() -> Iterator[None]:
    """Known refusals become one line instead of a traceback."""
    try:
        yield
    except (SchemaBehind, AccountError) as exc:
        _fail(str(exc))
    except (SQLAlchemyError, OSError) as exc:
        _fail(f"cannot use the database: {type(exc).__name__}: {exc}".splitlines()[0])


def _settings() -> Settings:
    try:
        settings = get_settings()
    except ValidationError as exc:
        _fail("; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors()))
    configure_logging(settings.log_level, settings.log_json)
    return settings


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes.")] = False,
) -> None:
    """Serve the API (and, with the embedded defaults, run the jobs in this process)."""
    from heron.ops.server import ServeOptions
    from heron.ops.server import serve as run_server

    settings = _settings()
    with _refusals():
        run_server(settings, ServeOptions(host=host, port=port, workers=workers, reload=reload))


@app.command()
def worker(
    workers: Annotated[
        int | None, typer.Option(min=1, help="Job threads [default: HERON_JOB_THREADS].")
    ] = None,
) -> None:
    """Run queued jobs until SIGTERM (running jobs finish) or SIGINT."""
    from heron.worker import run_worker

    settings = _settings()
    run_worker(settings, workers or settings.job_threads)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (creates the embedded SQLite file if needed)."""
    from heron.ops.migrations import upgrade_to_head

    settings = _settings()
    with _refusals():
        result = upgrade_to_head(settings)
    after = ", ".join(sorted(result.after)) or "none"
    if result.changed:
        before = ", ".join(sorted(result.before)) or "an empty database"
        typer.echo(f"Migrated the database from {before} to {after}.")
    else:
        typer.echo(f"The database is up to date (revision {after}).")


@app.command()
def seed(
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="The demo organization with sample sales data (the default, and the only "
            "data set there is).",
        ),
    ] = True,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when any account exists.")
    ] = False,
) -> None:
    """Add demo data: "Demo Company" with a member of each role, a team, companies, contacts,
    leads, deals in two pipelines, activities and tasks. Running it again adds nothing."""
    from heron.seed.demo import DEMO_ORG, DemoFound
    from heron.seed.service import seed as seed_demo

    settings = _settings()
    with _refusals():
        login = asyncio.run(seed_demo(settings, if_empty=if_empty))
    if login is None:
        typer.echo("Accounts exist already: no demo data added.")
        return
    if isinstance(login, DemoFound):
        added = "added its sample sales data" if login.records_added else "nothing added"
        typer.echo(f'"{DEMO_ORG}" exists already: {added}.')
        return
    others = ", ".join(f"{email} ({role})" for role, email in login.members)
    typer.echo(
        f'Demo data added: "{DEMO_ORG}" with a member of each role, a team and sample sales '
        "data.\n"
        f"Sign in as {login.email} with the password {login.password}\n"
        f"The other demo accounts have the same password: {others}.\n"
        "The password is shown only now."
    )


@app.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="The person's e-mail address.")],
    name: Annotated[str, typer.Option(help="The person's full name.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="Asked if left out."
        ),
    ],
    org: Annotated[
        str | None,
        typer.Option(help="Join the organization of this name; created (they own it) if none."),
    ] = None,
    role: Annotated[Role, typer.Option(help="Their role in --org.")] = Role.owner,
) -> None:
    """Create an account with a confirmed address, optionally in an organization."""
    from heron.seed.service import create_account

    settings = _settings()
    new = NewAccount(email=email, full_name=name, password=password, org_name=org, role=role)
    with _refusals():
        created = asyncio.run(create_account(settings, new))
    line = f"Created {created.user.email}"
    if created.org is not None and created.role is not None:
        made = " (new)" if created.org_created else ""
        line += (
            f", {created.role.value} of {created.org.name}{made}, organization id {created.org.id}"
        )
    typer.echo(line + ".")


if __name__ == "__main__":
    app()
