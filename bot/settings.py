"""Configuration from the environment, with the defaults a fresh clone runs on.

Every value can be set in the environment or in a `.env` file at the repository root
(see `.env.example`); the environment wins over `.env`. This is the only module of bot/ that
reads the environment: everything else asks it (`environment()`, or one of the accessors below,
which parse and check a value once).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.paths import REPO_ROOT, VAR_DIR

DEFAULTS = {
    "TRACKER_STORE_URL": f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}",
    "KB_DATABASE_URL": f"sqlite:///{VAR_DIR / 'kb.sqlite3'}",
    "ACTION_SERVER_URL": "http://localhost:5055/webhook",
    "ACTION_SERVER_PORT": "5055",
    # Longer messages get a clear reply and are not stored (bot/channels/guard.py).
    "MAX_MESSAGE_CHARS": "2000",
    "RASA_PORT": "5005",
    # The web page (bot/servers/web.py) and the browser origins Rasa accepts (`--cors`,
    # space-separated).
    # ALLOWED_ORIGINS defaults to the page's own origins on WEB_PORT (see environment()).
    "WEB_PORT": "8080",
    "WEB_HOST": "127.0.0.1",  # the static server's interface; a reverse proxy reaches it there
    "RASA_CREDENTIALS": "credentials.yml",  # which channels (docs/channels.md)
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
    # default (bot.ops.training.training_environment).
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    # Rasa sends usage telemetry and error reports to Rasa's own servers unless told not to;
    # this assistant sends nothing anywhere unless its operator chooses to (Legal Aid Law art. 21).
    "RASA_TELEMETRY_ENABLED": "false",
    # Seconds the Rasa server waits for a custom action before answering "can't answer right
    # now" (Rasa's own wait is 300 s, during which the conversation is blocked).
    "ACTION_TIMEOUT": "10",
    # WeChat's optional settings (credentials.wechat.yml names them; Rasa refuses an unset one):
    # empty means plain-text mode and no customer-service API (docs/channels.md).
    "WECHAT_APP_ID": "",
    "WECHAT_ENCODING_AES_KEY": "",
    "WECHAT_APP_SECRET": "",
    "WECHAT_CUSTOMER_SERVICE": "false",
    "WECHAT_API_URL": "https://api.weixin.qq.com",
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


def setting(name: str, env: Mapping[str, str] | None = None) -> str:
    """One variable of `env` (default: this process's environment, `.env` and the defaults);
    set but empty counts as unset."""
    env = environment() if env is None else env
    return env.get(name, "").strip() or DEFAULTS.get(name, "")


def allowed_origins(env: Mapping[str, str] | None = None) -> list[str]:
    """ALLOWED_ORIGINS: the browser origins that may reach Rasa (REST through `--cors`, and
    Socket.IO connections, checked by bot/channels/guard.py)."""
    env = environment() if env is None else env
    return env.get("ALLOWED_ORIGINS", "").replace(",", " ").split()


def tracker_store_url(env: Mapping[str, str] | None = None) -> str:
    return setting("TRACKER_STORE_URL", env)


MIN_STAFF_TOKEN_CHARS = 16


def staff_token(env: Mapping[str, str] | None = None) -> str | None:
    """STAFF_TOKEN, the staff console's secret; None (no console) when unset or too short."""
    token = setting("STAFF_TOKEN", env)
    return token if len(token) >= MIN_STAFF_TOKEN_CHARS else None


def staff_utc_offset_hours(env: Mapping[str, str] | None = None) -> float:
    """STAFF_UTC_OFFSET_HOURS (default 8, China Standard Time): the staff console's days."""
    raw = setting("STAFF_UTC_OFFSET_HOURS", env)
    try:
        hours = float(raw)
    except ValueError:
        hours = float("nan")
    if not -12 <= hours <= 14:
        raise ValueError(f"STAFF_UTC_OFFSET_HOURS must be hours from UTC (-12 to 14), not {raw!r}")
    return hours


def kb_database_url(env: Mapping[str, str] | None = None) -> str:
    return setting("KB_DATABASE_URL", env)


def max_message_chars(env: Mapping[str, str] | None = None) -> int:
    """MAX_MESSAGE_CHARS (default 2000); refuses nonsense."""
    raw = setting("MAX_MESSAGE_CHARS", env)
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"MAX_MESSAGE_CHARS must be a positive whole number, not {raw!r}")
    return int(raw)


TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


def flag(name: str, env: Mapping[str, str] | None = None) -> bool:
    """A yes/no variable (true/false, yes/no, on/off, 1/0; unset is no); refuses anything else."""
    env = environment() if env is None else env
    value = env.get(name, "").strip().lower()
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value in TRUE_WORDS


def production(env: Mapping[str, str] | None = None) -> bool:
    """PRODUCTION=true: what a public deployment needs is enforced (docs/security.md): the REST
    channel only with REST_TOKEN, the widget only with WEB_SESSION_SECRET."""
    return flag("PRODUCTION", env)


MAX_ACTION_TIMEOUT = 300  # Rasa's own DEFAULT_REQUEST_TIMEOUT


def action_timeout(env: Mapping[str, str] | None = None) -> float:
    """ACTION_TIMEOUT: seconds a custom action may take (default 10, at most Rasa's 300)."""
    raw = setting("ACTION_TIMEOUT", env)
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= MAX_ACTION_TIMEOUT:
        raise ValueError(f"ACTION_TIMEOUT must be a number of seconds in (0, "
                         f"{MAX_ACTION_TIMEOUT}], not {raw!r}")
    return seconds


def apply_defaults() -> None:
    """Fill missing variables of this process from the defaults and `.env`."""
    for key, value in environment().items():
        os.environ.setdefault(key, value)
