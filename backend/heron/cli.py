"""The `heron` command: serve, worker, migrate, seed, create-user, backup, restore.

Thin on purpose: each command reads the settings, calls one function of a domain module and
prints the outcome. A refusal the user can act on is one line on stderr and exit status 1.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
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


class DataSize(StrEnum):
    tiny = "tiny"
    small = "small"
    medium = "medium"
    large = "large"


@app.command()
def seed(
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="The demo organization with sample sales data (the default without --size).",
        ),
    ] = True,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when any account exists.")
    ] = False,
    size: Annotated[
        DataSize | None,
        typer.Option(
            help='Instead of the demo: generate the organization "Bench <size>" with 1k / 10k '
            "/ 100k / 1M contacts (tiny / small / medium / large) and their companies, leads, "
            "deals, activities and events, for benchmarks.",
        ),
    ] = None,
    random_seed: Annotated[
        int, typer.Option("--seed", help="With --size: the same seed gives the same data.")
    ] = 1,
) -> None:
    """Add demo data: "Demo Company" with a member of each role, a team, companies, contacts,
    leads, deals in two pipelines, activities and tasks. Running it again adds nothing. With
    --size, a generated data set instead (see docs/performance.md)."""
    if size is not None:
        _seed_size(size.value, random_seed)
        return
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


def _seed_size(size: str, random_seed: int) -> None:
    from heron.seed.bulk.service import generate
    from heron.seed.demo import demo_password

    settings = _settings()
    password = demo_password(settings.demo_password)
    with _refusals():
        made = asyncio.run(
            generate(settings, size, seed=random_seed, password=password, progress=typer.echo)
        )
    rows = sum(made.loaded.rows.values())
    typer.echo(
        f'Generated "{made.org_name}" (organization id {made.org_id}): {rows:,} rows in '
        f"{made.seconds:.0f} s.\n"
        f"Sign in as {made.email} with the password {made.password} (every member of it has "
        "the same; shown only now)."
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


@app.command()
def backup(
    output: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the archive (a file or a folder) [default: var/backups/]."
        ),
    ] = None,
) -> None:
    """Back up the database (SQLite online backup, or pg_dump) and the files, while Heron runs,
    into one tar archive with a manifest of checksums."""
    from heron.ops.backup import BackupError
    from heron.ops.backup import backup as take_backup

    settings = _settings()
    try:
        report = take_backup(settings, output)
    except (BackupError, OSError, sqlite3.Error) as exc:
        _fail(f"backup failed: {exc}")
    files = f"{report.files} file(s), {report.files_bytes:,} bytes"
    if report.files_note:
        files += f" ({report.files_note})"
    typer.echo(
        f"Backed up the {report.dialect} database ({report.database_bytes:,} bytes) and "
        f"{files} to {report.path}."
    )


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="A file made by `heron backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the current data without asking.")
    ] = False,
) -> None:
    """Replace the database and the files with those of a backup (stop Heron first). Every
    member is checked against the backup's checksums before anything changes."""
    from heron.ops.backup import BackupError
    from heron.ops.backup import restore as put_back

    settings = _settings()
    if not yes:
        typer.confirm(
            "This replaces every organization's data with the backup's. Go on?", abort=True
        )
    try:
        report = put_back(settings, archive)
    except (BackupError, OSError, sqlite3.Error, tarfile.TarError) as exc:
        _fail(f"restore failed: {exc}")
    note = f" ({report.files_note})" if report.files_note else ""
    typer.echo(
        f"Restored the {report.dialect} database and {report.files} file(s) from "
        f"{report.path}{note}. Run `heron migrate` if this Heron is newer than the backup."
    )


if __name__ == "__main__":
    app()
