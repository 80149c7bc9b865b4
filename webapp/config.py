"""Configuration from the environment only; see .env.example for every key."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


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
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", ENV_NAME == "production")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # token lives as long as the session
    DEMO_PASSWORD = os.environ.get("LEADFLOW_DEMO_PASSWORD")
    # "in-app": periodic jobs run inside the web process (one process); "off": run them with
    # `flask scheduler run` or cron instead (several web workers).
    SCHEDULER = os.environ.get("LEADFLOW_SCHEDULER", "in-app")
    # Jobs started from a page (retrain, rescore) run in a thread; tests run them to the end at once.
    JOBS_IN_BACKGROUND = True
    # Seconds between heartbeats of a running job; a job silent for two minutes counts as
    # interrupted (its process died) and its lock is free for the next run.
    JOB_HEARTBEAT_SECONDS = float(os.environ.get("LEADFLOW_JOB_HEARTBEAT_SECONDS", "20"))


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    PAGE_SIZE = 10
    SCHEDULER = "off"
    JOBS_IN_BACKGROUND = False
    JOB_HEARTBEAT_SECONDS = 0  # no timer thread: an in-memory SQLite database is one shared connection


class ProductionConfig(Config):
    ENV_NAME = "production"


def config_for_env():
    return ProductionConfig if Config.ENV_NAME == "production" else Config
