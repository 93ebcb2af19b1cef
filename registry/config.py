"""Settings, read once from the environment with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _instance_path() -> Path:
    return Path(os.environ.get("REGISTRY_INSTANCE_PATH", PROJECT_ROOT / "instance"))


def _secret_key(instance: Path) -> str:
    """The secret key from the environment, else one generated once into instance/ (0600)."""
    from_env = os.environ.get("REGISTRY_SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """One configuration object; tests pass overrides to create_app instead of subclassing."""

    def __init__(self) -> None:
        instance = _instance_path()
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.INSTANCE_PATH = str(instance)
        self.SECRET_KEY = _secret_key(instance)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "REGISTRY_DATABASE_URL", f"sqlite:///{instance / 'registry.db'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        synchronous = os.environ.get("REGISTRY_SQLITE_SYNCHRONOUS", "FULL").upper()
        self.SQLITE_SYNCHRONOUS = (
            synchronous if synchronous in ("NORMAL", "FULL", "EXTRA") else "FULL"
        )
        self.BABEL_DEFAULT_LOCALE = os.environ.get("REGISTRY_LOCALE", "vi")
        self.BABEL_DEFAULT_TIMEZONE = os.environ.get("REGISTRY_TIMEZONE", "Asia/Ho_Chi_Minh")
        self.LANGUAGES = ("vi", "en")
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _bool("REGISTRY_SECURE_COOKIES", False)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        # Absolute and idle limits of a signed-in session, checked on the server (user_session).
        self.SESSION_ABSOLUTE_SECONDS = int(os.environ.get("REGISTRY_SESSION_SECONDS", 8 * 3600))
        self.SESSION_IDLE_SECONDS = int(os.environ.get("REGISTRY_SESSION_IDLE_SECONDS", 30 * 60))
        self.PERMANENT_SESSION_LIFETIME = self.SESSION_ABSOLUTE_SECONDS
        self.WTF_CSRF_TIME_LIMIT = None
        self.MAX_CONTENT_LENGTH = int(os.environ.get("REGISTRY_MAX_UPLOAD_BYTES", 12 * 1024 * 1024))
        self.RATELIMIT_STORAGE_URI = os.environ.get("REGISTRY_RATELIMIT_STORAGE_URL", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        # Failed sign-ins only; the longer windows are the progressive back-off.
        self.LOGIN_USER_LIMITS = os.environ.get(
            "REGISTRY_LOGIN_USER_LIMITS", "5/minute;10/15 minutes;20/hour;50/day"
        )
        self.LOGIN_ADDRESS_LIMITS = os.environ.get(
            "REGISTRY_LOGIN_ADDRESS_LIMITS", "30/minute;100/hour;300/day"
        )
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none).
        self.TRUSTED_PROXIES = int(os.environ.get("REGISTRY_TRUSTED_PROXIES", "0"))
        self.BOOTSTRAP_SERVE_LOCAL = True
        self.HOME_PROVINCE = os.environ.get("REGISTRY_PROVINCE", "44")
        # Load the in-memory search columns in the background when a worker starts, so that the
        # first search does not wait for them (seconds at a million people).
        self.SEARCH_PRELOAD = _bool("REGISTRY_SEARCH_PRELOAD", False)
        self.UPLOAD_PATH = os.environ.get("REGISTRY_UPLOAD_PATH", str(instance / "uploads"))
