"""Every setting of the app, read in one place.

Settings come from environment variables; the Streamlit side may also pass values read from
`st.secrets` (see `app.py`), because this package never imports streamlit. Each setting carries
its help text, and a test checks that README documents every one of them.
"""

from __future__ import annotations

import os
import secrets
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

from advisory.i18n import _

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy URL of the database. Unset: a SQLite file at data/advisory.db. "
        "PostgreSQL: postgresql+psycopg://user:password@host:5432/dbname. "
        "Also read from [database] url in .streamlit/secrets.toml.",
    ),
    Setting(
        "AUTH_COOKIE_KEY",
        None,
        "Key (32+ characters) signing the login cookie. Unset: generated once and kept in "
        "data/auth_cookie.key (mode 0600). Set the same value on every replica. "
        "Also read from [auth] cookie_key in .streamlit/secrets.toml.",
    ),
    Setting("AUTH_COOKIE_NAME", "advisory_auth", "Name of the login cookie."),
    Setting("AUTH_COOKIE_DAYS", "1", "Days a login cookie stays valid (fractions allowed)."),
    Setting(
        "APP_URL",
        None,
        "Public address of the app for share links (<APP_URL>/?share=<token>), when funders "
        "reach it under another name than the director's browser (behind a proxy). Unset: "
        "links start with the address the director's browser used; `advisory share create` "
        "on the command line then uses http://localhost:8501.",
    ),
    Setting("PORT", "8501", "Port `make run` serves on."),
    Setting("ADDRESS", "localhost", "Address `make run` listens on (0.0.0.0 behind a proxy)."),
    Setting(
        "LOGIN_SLEEP_SECONDS",
        "0.7",
        "Pause the login library adds to each logged-out run (slows password guessing).",
    ),
    Setting(
        "UPLOAD_MAX_MB",
        "200",
        "Largest attendance file accepted for import, in megabytes (web page and command "
        "line). Six years of daily counts for 10 sites and 8 services, about a million rows, "
        "is about 60 MB as CSV and about 110 MB as a DHIS2 export. Larger files are refused "
        "before they are read.",
    ),
    Setting(
        "IMPORT_MAX_ROWS",
        "1500000",
        "Most rows one attendance file may have (CSV, Excel or DHIS2). An Excel sheet is "
        "counted as it is unpacked and refused as soon as it passes this, before it is read.",
    ),
    Setting(
        "ADVISORY_DATA_DIR",
        None,
        "Folder for the SQLite file and the generated cookie key. Default: data/ in the project.",
    ),
    # The e-mail digest of what needs a director's attention (issue 13): off unless SMTP_HOST
    # and REMINDER_RECIPIENTS are set. Each may also be given as `[smtp] <key>` in
    # .streamlit/secrets.toml (key: the name without SMTP_, lower case; recipients for
    # REMINDER_RECIPIENTS), which wins over the environment as [database] url does.
    Setting(
        "SMTP_HOST",
        None,
        "Mail server the reminder digest is sent through. Unset: no digest is sent.",
    ),
    Setting(
        "SMTP_PORT",
        None,
        "Port of the mail server. Unset: 587 with STARTTLS, 465 with SSL, 25 with none.",
    ),
    Setting(
        "SMTP_SECURITY",
        "starttls",
        "How the connection to the mail server is protected: starttls, ssl or none "
        "(none only for a relay on the same machine).",
    ),
    Setting("SMTP_USERNAME", None, "Login name at the mail server. Unset: no login."),
    Setting("SMTP_PASSWORD", None, "Password at the mail server (keep it in secrets.toml)."),
    Setting(
        "SMTP_FROM",
        None,
        "Sender address of the digest, e.g. Advisory Dashboard <dashboard@example.org>. "
        "Unset: SMTP_USERNAME.",
    ),
    Setting(
        "SMTP_TIMEOUT_SECONDS",
        "20",
        "Seconds to wait for the mail server before giving up with a message.",
    ),
    Setting(
        "REMINDER_RECIPIENTS",
        None,
        "Directors' e-mail addresses for the digest, separated by commas (accounts hold no "
        "e-mail address). Unset: no digest is sent.",
    ),
)

# [smtp] keys in .streamlit/secrets.toml, by setting.
SMTP_SECRET_KEYS: dict[str, str] = {
    "SMTP_HOST": "host",
    "SMTP_PORT": "port",
    "SMTP_SECURITY": "security",
    "SMTP_USERNAME": "username",
    "SMTP_PASSWORD": "password",
    "SMTP_FROM": "from",
    "SMTP_TIMEOUT_SECONDS": "timeout_seconds",
    "REMINDER_RECIPIENTS": "recipients",
}
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def setting(name: str, override: str | None = None) -> str | None:
    """Value of a documented setting: explicit override, then environment, then default."""
    known = {s.name: s for s in SETTINGS}
    if name not in known:
        raise KeyError(f"Unknown setting {name!r}; add it to advisory.config.SETTINGS")
    if override:
        return override
    value = os.environ.get(name)
    if value:
        return value
    return known[name].default


# Files in the data folder that hold personal data or secrets (issue 14: they were 0644).
PRIVATE_FILES = ("advisory.db", "advisory.db-wal", "advisory.db-shm", "auth_cookie.key")
_checked_dirs: set[Path] = set()


def _tighten(path: Path, mode: int) -> None:
    """chmod `path` to `mode` if it is ours and looser; never a folder others share (/tmp)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
        return
    if stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_ISVTX:
        return  # a sticky-bit folder is shared by design
    if stat.S_IMODE(info.st_mode) & ~mode:
        path.chmod(mode)


def restrict_data_dir(path: Path) -> None:
    """The data folder 0700; its database, key and backups 0600 (tightened if they exist).

    why (issue 14): the folder, the SQLite file with its -wal/-shm, the cookie key and the
    backups hold minutes, names and password hashes, and were readable by every account.
    New files are private anyway (the app and the CLI set umask 077); this fixes old ones.
    """
    _tighten(path, 0o700)
    for name in PRIVATE_FILES:
        _tighten(path / name, 0o600)
    backups = path / "backups"
    if backups.is_dir():
        _tighten(backups, 0o700)
        for item in backups.iterdir():
            if item.is_file():
                _tighten(item, 0o600)


def data_dir() -> Path:
    path = Path(setting("ADVISORY_DATA_DIR") or DATA_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path not in _checked_dirs:  # once per process: this runs on every page run
        restrict_data_dir(path)
        _checked_dirs.add(path)
    return path


def database_url(override: str | None = None) -> str:
    url = setting("DATABASE_URL", override)
    if url:
        return url
    return f"sqlite:///{data_dir() / 'advisory.db'}"


def cookie_key(override: str | None = None) -> str:
    """Signing key for the login cookie.

    why: no default key may exist anywhere (a shared default would let anyone forge cookies),
    so when none is configured we generate one once and keep it beside the database, readable
    by the app's user only.
    """
    key = setting("AUTH_COOKIE_KEY", override)
    if key:
        if len(key) < 32:
            raise ValueError(_("AUTH_COOKIE_KEY must be at least 32 characters long."))
        return key
    path = data_dir() / "auth_cookie.key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def upload_max_bytes() -> int:
    """UPLOAD_MAX_MB in bytes (ValueError naming the setting when it is not a number)."""
    return int(_positive_number("UPLOAD_MAX_MB") * 1024 * 1024)


def import_max_rows() -> int:
    return int(_positive_number("IMPORT_MAX_ROWS"))


def _positive_number(name: str) -> float:
    raw = setting(name) or ""
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(
            _("{name} must be a number; it is {value}.").format(name=name, value=repr(raw))
        ) from None
    if value <= 0:
        raise ValueError(
            _("{name} must be more than 0; it is {value}.").format(name=name, value=repr(raw))
        )
    return value


def app_url() -> str:
    """APP_URL, else http://localhost:8501 (for the command line, which has no browser)."""
    return (setting("APP_URL") or "http://localhost:8501").rstrip("/")


def _secrets_section(section: str, path: Path | None = None) -> dict[str, object]:
    """`[section]` of .streamlit/secrets.toml, read without Streamlit (the CLI runs without it).

    A missing file is the normal case ({}); a file that is not TOML is a ValueError naming it.
    """
    path = path or SECRETS_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(
            _("{path} is not valid TOML: {error}").format(path=path, error=exc)
        ) from None
    section_data = data.get(section, {})
    return section_data if isinstance(section_data, dict) else {}


def smtp_setting(name: str, *, secrets_path: Path | None = None) -> str | None:
    """An e-mail digest setting: `[smtp]` in secrets.toml, then the environment, then default.

    A list of recipients in secrets.toml (recipients = ["a@x", "b@x"]) is joined with commas.
    """
    value = _secrets_section("smtp", secrets_path).get(SMTP_SECRET_KEYS[name])
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return setting(name, None if value is None or value == "" else str(value))


def configured_app_url() -> str | None:
    """APP_URL when it is set, else None (links then follow the director's browser)."""
    value = (setting("APP_URL") or "").strip().rstrip("/")
    return value or None
