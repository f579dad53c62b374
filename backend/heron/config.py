"""One Settings object for the whole application (environment prefix ``HERON_``).

With no variable set, Heron runs on its embedded defaults: a SQLite file, jobs in SQLite, files on
the local disk, an in-memory cache, e-mail written to an outbox folder. Production switches by URL.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "heron-development-secret-do-not-use-in-production"
# web/dist of this checkout: where `npm run build` writes the web app.
DEFAULT_WEB_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HERON_", env_file=".env", extra="ignore")

    env: Environment = Environment.development
    var_dir: Path = Path("var")
    database_url: str = ""
    redis_url: str | None = None
    storage_url: str | None = None
    public_url: str = "http://localhost:8000"
    secret_key: str = DEFAULT_SECRET_KEY
    log_level: str = "INFO"
    log_json: bool = True

    # Tokens
    access_token_minutes: int = Field(default=15, ge=1, le=15)
    refresh_token_days: int = Field(default=7, ge=1, le=90)
    email_token_hours: int = Field(default=48, ge=1)
    password_reset_minutes: int = Field(default=30, ge=5, le=24 * 60)
    invitation_days: int = Field(default=7, ge=1, le=90)

    # E-mail: an SMTP URL (smtp://user:pass@host:port, smtps:// for implicit TLS, add
    # ?starttls=true for STARTTLS). Without one, mail is written to the log and to var/outbox/.
    smtp_url: str | None = None
    mail_from: str = "Heron <no-reply@localhost>"

    # Sign-in with Google and GitHub, enabled when their client ids are set.
    google_client_id: str | None = None
    google_client_secret: str | None = None
    github_client_id: str | None = None
    github_client_secret: str | None = None
    # Where the providers live; changed only to point tests at a provider on loopback.
    google_metadata_url: str = "https://accounts.google.com/.well-known/openid-configuration"
    github_authorize_url: str = "https://github.com/login/oauth/authorize"
    github_token_url: str = "https://github.com/login/oauth/access_token"
    github_api_url: str = "https://api.github.com/"

    # HTTP
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    trusted_proxies: list[str] = Field(default_factory=list)
    # The built web app served at `/` (with index.html for every non-API path); not served when
    # the folder has no index.html.
    web_dist: Path | None = None

    # Rate limits ("N/period" in the `limits` syntax), keyed per IP and per account.
    rate_limit_login_ip: str = "20/minute"
    rate_limit_login_account: str = "5/minute"
    rate_limit_register_ip: str = "10/hour"
    rate_limit_reset_ip: str = "10/hour"
    rate_limit_reset_account: str = "3/hour"

    # Jobs run in the API process with the embedded defaults; `heron worker` in production.
    jobs_in_process: bool = True
    # The queue's name in its storage: two installations may share one Redis with two names.
    queue_name: str = Field(default="heron", pattern=r"^[A-Za-z0-9_.:-]{1,60}$")
    job_threads: int = Field(default=2, ge=1, le=64)
    # A running job renews its lease this often divided by four; a job whose lease lapsed (its
    # worker was killed) is queued again by the sweeper, which runs every minute.
    job_lease_seconds: int = Field(default=60, ge=2, le=3600)

    # Imports (heron/imports/limits.py): a file above one of these is refused with a sentence
    # saying which limit; the upload route alone takes bodies up to import_max_bytes.
    import_max_bytes: int = Field(default=200 * 1024 * 1024, ge=1024)
    import_max_rows: int = Field(default=1_000_000, ge=1)
    import_max_columns: int = Field(default=200, ge=1, le=5_000)
    import_max_cell_chars: int = Field(default=32_767, ge=100)
    import_max_unpacked_bytes: int = Field(default=1024 * 1024 * 1024, ge=1024)

    # Seconds `heron serve` and `heron worker` give in-flight requests and jobs after SIGTERM.
    shutdown_timeout_seconds: int = Field(default=30, ge=1, le=600)

    # Exports: lists up to this many rows download at once; larger ones run as a job whose file
    # is fetched through a signed link valid this long.
    export_direct_max_rows: int = Field(default=100_000, ge=1)
    download_link_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    # Finished jobs (their records, and the export files they made) are kept this many days,
    # then purged every night (heron/jobs/retention.py).
    job_retention_days: int = Field(default=30, ge=1, le=3650)

    # The password of the accounts `heron seed` makes; random (and printed once) when unset.
    demo_password: str | None = Field(default=None, min_length=10)

    @property
    def is_production(self) -> bool:
        return self.env is Environment.production

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{(self.var_dir / 'heron.db').resolve()}"

    @property
    def web_app_dir(self) -> Path:
        return self.web_dist or DEFAULT_WEB_DIST

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"

    @model_validator(mode="after")
    def _refuse_unsafe_production_defaults(self) -> Settings:
        if not self.is_production:
            return self
        problems = []
        if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32:
            problems.append("HERON_SECRET_KEY must be set to a random value of 32+ characters")
        if problems:
            raise ValueError("Refusing to start in production: " + "; ".join(problems))
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
