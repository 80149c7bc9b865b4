"""Configuration from the environment only; see .env.example for every key."""

import os
from datetime import timedelta
from pathlib import Path

from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"
MIN_SECRET_KEY_LENGTH = 32
OUTBOX_BACKEND = "webapp.mail.outbox.EmailBackend"


def _bool(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip()  # unset or left empty (as in .env.example): the default
    return default if not raw else raw.lower() in {"1", "true", "yes", "on"}


class Config:
    ENV_NAME = os.environ.get("LEADFLOW_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    INSTANCE_PATH = Path(os.environ.get("LEADFLOW_INSTANCE", ROOT / "instance"))
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_PATH / 'leadflow.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MODEL_DIR = Path(os.environ.get("MODEL_DIR", INSTANCE_PATH / "models"))
    PAGE_SIZE = int(os.environ.get("LEADFLOW_PAGE_SIZE", "25"))
    # Uploaded materials (brochures, price lists): where they are kept and how large one may be.
    MATERIAL_DIR = Path(os.environ.get("MATERIAL_DIR", INSTANCE_PATH / "materials"))
    MATERIAL_MAX_MB = int(os.environ.get("LEADFLOW_MATERIAL_MAX_MB", "20"))
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", ENV_NAME == "production")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=int(os.environ.get("REMEMBER_COOKIE_DAYS") or "30"))
    # Redirect plain HTTP to HTTPS (behind a proxy that sets X-Forwarded-Proto); HSTS only in production.
    FORCE_HTTPS = _bool("FORCE_HTTPS", SESSION_COOKIE_SECURE)
    HSTS = ENV_NAME == "production"
    # Failed sign-ins allowed per account and per client address; memory:// counts per process,
    # several workers share counts through Redis (redis://127.0.0.1:6379).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT") or "10 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS") or "30 per 15 minutes"
    WTF_CSRF_TIME_LIMIT = None  # token lives as long as the session
    DEMO_PASSWORD = os.environ.get("LEADFLOW_DEMO_PASSWORD")
    # "in-app": periodic jobs run inside the web process (one process); "off": run them with
    # `flask scheduler run` or cron instead (several web workers).
    SCHEDULER = os.environ.get("LEADFLOW_SCHEDULER", "in-app")
    # DejaVuSans.ttf and DejaVuSans-Bold.ttf, embedded in offer PDFs (Debian: fonts-dejavu-core,
    # installed by `make run`); without them PDFs fall back to Helvetica, which lacks symbols like ✓.
    PDF_FONT_DIR = Path(os.environ.get("PDF_FONT_DIR") or "/usr/share/fonts/truetype/dejavu")
    # Jobs started from a page (retrain, rescore) run in a thread; tests run them to the end at once.
    JOBS_IN_BACKGROUND = True
    # Seconds between heartbeats of a running job; a job silent for two minutes counts as
    # interrupted (its process died) and its lock is free for the next run.
    JOB_HEARTBEAT_SECONDS = float(os.environ.get("LEADFLOW_JOB_HEARTBEAT_SECONDS", "20"))
    # Mail (Flask-Mailman). Outside production messages are written as .eml files into the outbox
    # folder; with MAIL_BACKEND=smtp they go to MAIL_SERVER, and one the server did not take is kept
    # in the outbox for `flask mail retry`.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or ("smtp" if ENV_NAME == "production" else OUTBOX_BACKEND)
    MAIL_OUTBOX = Path(os.environ.get("MAIL_OUTBOX") or INSTANCE_PATH / "outbox")
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or "localhost"
    MAIL_PORT = int(os.environ.get("MAIL_PORT") or "25")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or "leadflow <leadflow@localhost>"
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT") or "10")
    # Links in e-mails point here (mails are also sent from the scheduler, outside any request).
    BASE_URL = (os.environ.get("LEADFLOW_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    FORCE_HTTPS = HSTS = False
    PAGE_SIZE = 10
    SCHEDULER = "off"
    JOBS_IN_BACKGROUND = False
    LOGIN_LIMIT_PER_ACCOUNT = LOGIN_LIMIT_PER_ADDRESS = "1000 per minute"  # throttling tests set their own
    MAIL_BACKEND = OUTBOX_BACKEND  # tests point MAIL_OUTBOX at their own folder
    JOB_HEARTBEAT_SECONDS = 0  # no timer thread: an in-memory SQLite database is one shared connection


class ProductionConfig(Config):
    ENV_NAME = "production"
    HSTS = True


def secret_key_problem(key: str | None) -> str | None:
    """Why KEY must not sign production sessions, or None when it is fit for it."""
    placeholders = {DEV_SECRET_KEY, TestConfig.SECRET_KEY}
    example = ROOT / ".env.example"
    if example.exists():
        placeholders |= {value for value in dotenv_values(example).values() if value}
    if not key:
        return "SECRET_KEY is not set"
    if key in placeholders:
        return "SECRET_KEY is a placeholder from .env.example or the development default"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY has {len(key)} characters; it needs at least {MIN_SECRET_KEY_LENGTH}"
    return None


def config_for_env():
    return ProductionConfig if Config.ENV_NAME == "production" else Config
