"""Secrets only from the environment; the REST channel configured alike everywhere; the launcher
refuses an unprotected HTTP API. No server needed (`make unit`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.channels.guard import sender_id_problem, without_controls
from bot.ops import launcher
from bot.paths import REPO_ROOT
from bot.settings import max_message_chars

PLACEHOLDER = re.compile(r"^\$\{[A-Z][A-Z0-9_]*\}$")
SECRET_KEY = re.compile(r"token|secret|password|passwd|api_?key|aes_?key|credential|auth",
                        re.IGNORECASE)
URL_WITH_PASSWORD = re.compile(r"://[^/\s:@]+:[^/\s@]+@")
CONFIG_FILES = sorted([*REPO_ROOT.glob("credentials*.yml"), *REPO_ROOT.glob("endpoints*.yml")])


def literal_secrets(config: object, path: str = "") -> list[str]:
    """Where a secret-looking key has a literal value, or a URL embeds a password."""
    found: list[str] = []
    if isinstance(config, dict):
        for key, value in config.items():
            where = f"{path}.{key}"
            if isinstance(value, dict | list):
                found += literal_secrets(value, where)
            elif (SECRET_KEY.search(str(key)) and value not in (None, "")
                  and not PLACEHOLDER.match(str(value))) \
                    or (isinstance(value, str) and URL_WITH_PASSWORD.search(value)):
                found.append(where)
    elif isinstance(config, list):
        for index, item in enumerate(config):
            found += literal_secrets(item, f"{path}[{index}]")
    return found


def test_the_scan_finds_literal_secrets() -> None:
    assert literal_secrets({"wechat": {"token": "abc123"}}) == [".wechat.token"]
    assert literal_secrets({"db": {"url": "postgresql://u:pw@host/db"}}) == [".db.url"]
    assert literal_secrets({"t": {"secret_token": "${TELEGRAM_SECRET_TOKEN}", "x": 1}}) == []


@pytest.mark.parametrize("path", CONFIG_FILES, ids=lambda p: Path(p).name)
def test_config_files_hold_no_literal_secrets(path: Path) -> None:
    assert literal_secrets(yaml.safe_load(path.read_text(encoding="utf-8")) or {}) == []


def test_every_credentials_file_uses_the_strict_rest_channel() -> None:
    files = sorted(REPO_ROOT.glob("credentials*.yml"))
    assert len(files) >= 3
    for path in files:
        channels = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "rest" not in channels, f"{path.name}: Rasa's own REST channel is lax"
        assert channels.get("bot.channels.rest.RestInput", "missing") is None, path.name


def test_the_api_needs_a_token_or_a_jwt_secret() -> None:
    base = {"RASA_PORT": "5005"}
    assert launcher.api_arguments(base, []) == []
    assert launcher.api_arguments({**base, "ENABLE_API": "false"}, []) == []
    with pytest.raises(ValueError, match="RASA_API_TOKEN"):
        launcher.api_arguments({**base, "ENABLE_API": "true"}, [])
    with pytest.raises(ValueError, match="RASA_API_TOKEN"):
        launcher.api_arguments(base, ["--enable-api"])
    with pytest.raises(ValueError, match="at least"):
        launcher.api_arguments({**base, "ENABLE_API": "1", "RASA_API_TOKEN": "short"}, [])
    with pytest.raises(ValueError, match="true or false"):
        launcher.api_arguments({**base, "ENABLE_API": "maybe"}, [])
    token = "t" * 32
    assert launcher.api_arguments({**base, "ENABLE_API": "yes", "RASA_API_TOKEN": token}, []) \
        == ["--enable-api", f"--auth-token={token}"]
    assert launcher.api_arguments({**base, "ENABLE_API": "true", "RASA_JWT_SECRET": "s"}, []) \
        == ["--enable-api", "--jwt-secret=s"]


def test_a_secret_starting_with_a_dash_reaches_rasa_as_the_secret() -> None:
    """secrets.token_urlsafe starts with "-" one time in 64: as a separate argument, Rasa's
    argparse took it for an option and refused to start (a flaky staff shell)."""
    from rasa.__main__ import create_argument_parser

    token = "-" + "t" * 31
    arguments = launcher.api_arguments(
        {"ENABLE_API": "true", "RASA_API_TOKEN": token, "RASA_JWT_SECRET": "-s"}, [])
    parsed = create_argument_parser().parse_args(["run", *arguments])
    assert (parsed.auth_token, parsed.jwt_secret) == (token, "-s")


def test_guard_limits() -> None:
    assert max_message_chars({}) == 2000
    assert max_message_chars({"MAX_MESSAGE_CHARS": "500"}) == 500
    for bad in ("0", "-5", "lots"):
        with pytest.raises(ValueError):
            max_message_chars({"MAX_MESSAGE_CHARS": bad})
    assert sender_id_problem("user-1") is None
    assert sender_id_problem("x" * 129) and sender_id_problem("") and sender_id_problem(5)
    assert sender_id_problem("a\nb") and sender_id_problem("\ud800")
    assert without_controls("a\x00b\x1b[1m\tc\n") == "ab[1m\tc\n"
    assert without_controls("法律 👩\u200d⚖️") == "法律 👩\u200d⚖️"


def test_channel_responses_are_in_the_domain() -> None:
    from bot.ops.validation import CHANNELS_DIR, responses_uttered_by_actions

    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    named = responses_uttered_by_actions(CHANNELS_DIR)
    assert {"utter_message_too_long", "utter_service_unavailable"} <= named
    assert "12348" in domain["responses"]["utter_service_unavailable"][0]["text"]
    assert "{max_chars}" in domain["responses"]["utter_message_too_long"][0]["text"]
