"""Settings read once from the environment, with defaults that work on a laptop."""

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} debe ser un número entero, no {raw!r}") from exc


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "si", "sí"}:
        return True
    if raw in {"0", "false", "no"}:
        return False
    raise ValueError(f"{name} debe ser verdadero o falso, no {raw!r}")


DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def _configured_base_url() -> str:
    return os.environ.get("PLENO_BASE_URL", "").strip().rstrip("/")


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get(
        "PLENO_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'pleno.db'}"))
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("PLENO_DATA_DIR", ROOT / "var")))
    secret_key: str = field(default_factory=lambda: os.environ.get("PLENO_SECRET_KEY", "desarrollo-no-usar-en-produccion"))
    max_upload_mb: int = field(default_factory=lambda: _int("PLENO_MAX_UPLOAD_MB", 20))
    # Word, Excel and PowerPoint 97-2003 too: areas still send them, and the SIPOT takes .xls formats.
    allowed_upload_types: tuple[str, ...] = ("pdf", "docx", "doc", "xlsx", "xls", "ppt", "jpg", "jpeg", "png", "tif",
                                             "tiff", "odt", "txt")
    login_attempts_per_window: int = field(default_factory=lambda: _int("PLENO_LOGIN_ATTEMPTS", 5))
    login_attempts_per_client: int = field(default_factory=lambda: _int("PLENO_LOGIN_ATTEMPTS_PER_CLIENT", 30))
    login_window_seconds: int = field(default_factory=lambda: _int("PLENO_LOGIN_WINDOW", 300))
    run_scheduler_in_web: bool = field(default_factory=lambda: _bool("PLENO_SCHEDULER_IN_WEB", True))
    secure_cookies: bool = field(default_factory=lambda: _bool("PLENO_SECURE_COOKIES", False))
    # Where the institution publishes Pleno, for the links every process writes (e-mails, acuses,
    # documents, calendar feeds): one value for `pleno run` and `pleno worker` alike. Unset, `pleno
    # run` sets it to where it listens (web/cli.py), and any other process falls back to the default.
    base_url: str = field(default_factory=lambda: _configured_base_url() or DEFAULT_BASE_URL)
    base_url_configured: bool = field(default_factory=lambda: bool(_configured_base_url()))
    # E-mail: "files" writes .eml files under var/mail/<organization id> (development); "smtp" delivers.
    mail_backend: str = field(default_factory=lambda: os.environ.get("PLENO_MAIL_BACKEND", "files"))
    mail_from: str = field(default_factory=lambda: os.environ.get("PLENO_MAIL_FROM", "Pleno <avisos@pleno.local>"))
    smtp_host: str = field(default_factory=lambda: os.environ.get("PLENO_SMTP_HOST", "127.0.0.1"))
    smtp_port: int = field(default_factory=lambda: _int("PLENO_SMTP_PORT", 25))
    smtp_user: str = field(default_factory=lambda: os.environ.get("PLENO_SMTP_USER", ""))
    smtp_password: str = field(default_factory=lambda: os.environ.get("PLENO_SMTP_PASSWORD", ""))
    smtp_starttls: bool = field(default_factory=lambda: _bool("PLENO_SMTP_STARTTLS", False))
    # TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS.
    smtp_ssl: bool = field(default_factory=lambda: _bool("PLENO_SMTP_SSL", False))
    # The CA that signed the mail server's certificate, when it is the institution's own (PEM file);
    # empty: the system's CAs.
    smtp_ca_file: str = field(default_factory=lambda: os.environ.get("PLENO_SMTP_CA_FILE", ""))
    # Delivery: a claimed message belongs to its worker for the lease; a worker killed mid-batch
    # loses its claim when the lease runs out, and another worker sends the rest.
    outbox_lease_seconds: int = field(default_factory=lambda: _int("PLENO_OUTBOX_LEASE_SECONDS", 300))
    outbox_max_attempts: int = field(default_factory=lambda: _int("PLENO_OUTBOX_MAX_ATTEMPTS", 10))
    # Wait after the first failed attempt, doubled after each further one.
    outbox_retry_seconds: int = field(default_factory=lambda: _int("PLENO_OUTBOX_RETRY_SECONDS", 60))
    outbox_interval_seconds: int = field(default_factory=lambda: _int("PLENO_OUTBOX_INTERVAL_SECONDS", 10))
    sweep_interval_seconds: int = field(default_factory=lambda: _int("PLENO_SWEEP_INTERVAL_SECONDS", 300))

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    def mail_dir_of(self, organization_id: int) -> Path:
        """One folder per organization: its administrators read their own messages, never another's."""
        return self.mail_dir / str(organization_id)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def load_settings() -> Settings:
    return Settings()
