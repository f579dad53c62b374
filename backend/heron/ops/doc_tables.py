"""Tables of the documentation generated from the code: the configuration table of README.md
(from ``heron.config.Settings``) and the role matrix of docs/architecture.md (from
``heron.roles.matrix.MATRIX``).

    cd backend && uv run python -m heron.ops.doc_tables      # rewrite both tables

A test fails when a setting has no meaning here or a table in the documents is stale.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic_core import PydanticUndefined

from heron.config import Settings
from heron.roles.matrix import MATRIX, Role, Scope

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

MEANINGS: dict[str, str] = {
    "env": "`development`, `test` (jobs run at once, in memory) or `production` (refuses "
    "unsafe defaults).",
    "var_dir": "Folder of the embedded data: SQLite database, job queue, outbox. "
    "`make` sets it to the repository's `var/`.",
    "database_url": "SQLAlchemy URL, e.g. `postgresql+psycopg://user:pass@host/heron`. "
    "Empty: the SQLite file `var_dir/heron.db`.",
    "redis_url": "Redis for the job queue and shared rate-limit counters. "
    "Empty: jobs in `var_dir/jobs.db`, counters in memory.",
    "storage_url": "Where files (uploads, exports) are kept: `s3://bucket/prefix` (options as "
    "query parameters, e.g. `?endpoint=...&region=...&allow_http=true`; credentials from "
    "`AWS_*`), `file:///path`. Empty: the folder `var_dir/files`.",
    "public_url": "Where people reach Heron: links in e-mails, OAuth redirects, "
    "allowed browser origin.",
    "secret_key": "Signs access tokens. Production requires a random value of 32+ characters.",
    "log_level": "`DEBUG`, `INFO`, `WARNING` or `ERROR`.",
    "log_json": "JSON log lines (`true`) or readable ones (`false`).",
    "access_token_minutes": "Lifetime of an access token (at most 15).",
    "refresh_token_days": "Lifetime of a refresh token; each use rotates it.",
    "email_token_hours": "Lifetime of an e-mail confirmation link.",
    "password_reset_minutes": "Lifetime of a password-reset link.",
    "invitation_days": "Lifetime of an invitation.",
    "smtp_url": "`smtp://user:pass@host:587?starttls=true` or `smtps://...`. "
    "Empty: mail goes to the log and `var_dir/outbox/`.",
    "mail_from": "Sender of Heron's e-mails.",
    "google_client_id": "Enables sign-in with Google.",
    "google_client_secret": "Secret of the Google client.",
    "github_client_id": "Enables sign-in with GitHub.",
    "github_client_secret": "Secret of the GitHub client.",
    "google_metadata_url": "Google's OpenID configuration (changed only by tests).",
    "github_authorize_url": "GitHub's authorization endpoint (changed only by tests).",
    "github_token_url": "GitHub's token endpoint (changed only by tests).",
    "github_api_url": "GitHub's API (changed only by tests).",
    "cors_origins": 'Other origins allowed to call the API from a browser, as JSON: `["https://app.example.com"]`.',
    "max_body_bytes": "Largest request body accepted (413 above).",
    "trusted_proxies": 'Proxies whose `X-Forwarded-For` is believed, as JSON: `["10.0.0.1"]`.',
    "web_dist": "Folder of the built web app, served at `/` when it holds an `index.html`. "
    "Empty: `web/dist` of this checkout.",
    "rate_limit_login_ip": "Sign-in attempts per IP address.",
    "rate_limit_login_account": "Sign-in attempts per account.",
    "rate_limit_register_ip": "Sign-ups per IP address.",
    "rate_limit_reset_ip": "Password-reset requests per IP address.",
    "rate_limit_reset_account": "Password-reset requests per account.",
    "jobs_in_process": "`heron serve` also runs the job consumer. Set `false` when "
    "`heron worker` runs.",
    "job_threads": "Job threads of the in-process consumer, and `heron worker`'s default.",
    "import_max_bytes": "The largest file an import takes (bytes); the upload route alone "
    "accepts bodies this large. Larger files are refused with 413.",
    "import_max_rows": "The most data rows one import reads; a longer file is refused with a "
    "sentence saying so (split it).",
    "import_max_columns": "The most columns an imported file may have.",
    "import_max_cell_chars": "The longest cell an import reads (Excel's own limit by default); "
    "a longer cell is reported as a problem of its row.",
    "import_max_unpacked_bytes": "What an XLSX may unpack to in all; a workbook that would unpack "
    "to more (or that compresses more than 200 to one: an archive bomb) is refused before it "
    "is opened.",
    "queue_name": "The job queue's name in its storage (two installations may share a Redis "
    "under two names).",
    "job_lease_seconds": "How long a running job's lease lasts; a job whose worker died is "
    "queued again this long (plus up to a minute) after its last renewal.",
    "shutdown_timeout_seconds": "Time in-flight requests and running jobs get after SIGTERM.",
    "export_direct_max_rows": "List exports up to this many rows download at once "
    "(`GET /{kind}/export`); larger ones run as a job (`POST`).",
    "download_link_minutes": "How long a download link of an export's file works.",
    "job_retention_days": "Finished jobs (and the export files they made) are purged this many "
    "days after they finish.",
    "demo_password": "Password of the accounts `heron seed` makes. Empty: random, printed once.",
}


def _default(name: str) -> str:
    field = Settings.model_fields[name]
    value: Any = field.default
    if value is PydanticUndefined and field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool | list):
        value = json.dumps(value)
    text = str(value).replace("|", "\\|")
    return f"`{text}`"


def settings_table() -> str:
    missing = sorted(set(Settings.model_fields) - set(MEANINGS))
    if missing:
        raise KeyError(f"no meaning in heron/ops/doc_tables.py for: {', '.join(missing)}")
    rows = ["| Variable | Default | Meaning |", "|---|---|---|"]
    for name in Settings.model_fields:
        rows.append(f"| `HERON_{name.upper()}` | {_default(name)} | {MEANINGS[name]} |")
    return "\n".join(rows)


def role_matrix_table() -> str:
    roles = list(Role)
    rows = [
        "| Resource | Action | " + " | ".join(r.value.capitalize() for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for resource, actions in MATRIX.items():
        for action, scopes in actions.items():
            cells = " | ".join(scopes.get(role, Scope.none).name for role in roles)
            rows.append(f"| {resource} | {action.value} | {cells} |")
    return "\n".join(rows)


TABLES = {
    "settings": (README, settings_table),
    "role-matrix": (ARCHITECTURE, role_matrix_table),
}


def markers(name: str) -> tuple[str, str]:
    return (
        f"<!-- {name}:start (generated by `python -m heron.ops.doc_tables`) -->",
        f"<!-- {name}:end -->",
    )


def with_table(document: str, name: str) -> str:
    """``document`` with the text between the markers of table ``name`` replaced."""
    start, end = markers(name)
    before, found, rest = document.partition(start)
    if not found:
        raise ValueError(f"the document has no {start!r} marker")
    _, _, after = rest.partition(end)
    return f"{before}{start}\n{TABLES[name][1]()}\n{end}{after}"


def main() -> None:
    for name, (path, _) in TABLES.items():
        path.write_text(with_table(path.read_text(), name))
        sys.stdout.write(f"Updated the {name} table in {path}.\n")


if __name__ == "__main__":
    main()
