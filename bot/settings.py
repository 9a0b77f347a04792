"""Configuration from the environment, with the defaults a fresh clone runs on.

Every value can be set in the environment or in a `.env` file at the repository root
(see `.env.example`); the environment wins over `.env`.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.paths import REPO_ROOT, VAR_DIR

DEFAULTS = {
    "TRACKER_STORE_URL": f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}",
    "KB_DATABASE_URL": f"sqlite:///{VAR_DIR / 'kb.sqlite3'}",
    "ACTION_SERVER_URL": "http://localhost:5055/webhook",
    "ACTION_SERVER_PORT": "5055",
    "RASA_PORT": "5005",
    # The web page (bot/web.py) and the browser origins Rasa accepts (`--cors`, space-separated).
    # ALLOWED_ORIGINS defaults to the page's own origins on WEB_PORT (see environment()).
    "WEB_PORT": "8080",
    # Scale-out (docs/deploying.md): RASA_ENDPOINTS=endpoints.scale.yml adds the Redis lock store.
    # Rasa refuses unset ${VAR}s in endpoints files, hence defaults for every one of them.
    "RASA_ENDPOINTS": "endpoints.yml",
    "REDIS_HOST": "localhost",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
    "REDIS_PASSWORD": "",
    "REDIS_KEY_PREFIX": "legalaid",
    # Two cores: one thread per op keeps TensorFlow from oversubscribing the machine.
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    # oneDNN's kernels keep reordered copies of the weights: 60 MB more for the Rasa server, and
    # no faster beyond run-to-run noise here (docs/benchmarks.md). Training keeps TensorFlow's
    # default (bot.training.training_environment).
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    # Rasa sends usage telemetry and error reports to Rasa's own servers unless told not to;
    # this assistant sends nothing anywhere unless its operator chooses to (Legal Aid Law art. 21).
    "RASA_TELEMETRY_ENABLED": "false",
    # The staff console (bot/staff/, docs/staff-console.md) counts days in this time zone (hours
    # from UTC; China Standard Time). STAFF_TOKEN, a secret, has no default: unset, no console.
    "STAFF_UTC_OFFSET_HOURS": "8",
}


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; blank lines and # comments are ignored."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip().strip("'\"")
    return values


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the assistant's processes: defaults < .env < real environment."""
    env = dict(DEFAULTS)
    env.update(read_dotenv(REPO_ROOT / ".env"))
    env.update(base if base is not None else os.environ)
    if "ALLOWED_ORIGINS" not in env:  # moving the page to another port must not break it
        env["ALLOWED_ORIGINS"] = (f"http://localhost:{env['WEB_PORT']} "
                                  f"http://127.0.0.1:{env['WEB_PORT']}")
    return env


def allowed_origins(env: dict[str, str] | None = None) -> list[str]:
    """ALLOWED_ORIGINS: the browser origins that may reach Rasa (REST through `--cors`, and
    Socket.IO connections, checked by bot/channels/guard.py)."""
    env = environment() if env is None else env
    return env.get("ALLOWED_ORIGINS", "").replace(",", " ").split()


def apply_defaults() -> None:
    """Fill missing variables of this process from the defaults and `.env`."""
    for key, value in environment().items():
        os.environ.setdefault(key, value)
