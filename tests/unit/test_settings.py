import pytest

from bot import settings


def test_dotenv_parsing_skips_comments_and_strips_quotes(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\n\nA=1\nB = 'two'\nC=\"three=3\"\nnot a pair\n")
    assert settings.read_dotenv(env_file) == {"A": "1", "B": "two", "C": "three=3"}


def test_missing_dotenv_is_empty(tmp_path):
    assert settings.read_dotenv(tmp_path / "absent") == {}


def test_real_environment_overrides_defaults():
    env = settings.environment({"TRACKER_STORE_URL": "postgresql://x@y/z"})
    assert env["TRACKER_STORE_URL"] == "postgresql://x@y/z"
    assert env["KB_DATABASE_URL"] == settings.DEFAULTS["KB_DATABASE_URL"]


def test_default_databases_live_in_the_ignored_var_folder():
    assert settings.DEFAULTS["TRACKER_STORE_URL"].endswith("/var/tracker.sqlite3")
    assert settings.DEFAULTS["KB_DATABASE_URL"].endswith("/var/kb.sqlite3")


def test_allowed_origins_follow_the_web_port_unless_set():
    assert settings.environment({"WEB_PORT": "9000"})["ALLOWED_ORIGINS"] == (
        "http://localhost:9000 http://127.0.0.1:9000")
    assert settings.environment({})["ALLOWED_ORIGINS"] == "http://localhost:8080 http://127.0.0.1:8080"
    set_explicitly = {"WEB_PORT": "9000", "ALLOWED_ORIGINS": "https://legalaid.example.org"}
    assert settings.environment(set_explicitly)["ALLOWED_ORIGINS"] == "https://legalaid.example.org"


def test_serving_turns_onednn_off_and_training_keeps_it():
    from bot.ops.training import training_environment

    serving = settings.environment({})
    assert serving["TF_ENABLE_ONEDNN_OPTS"] == "0"
    assert serving["TF_INTRA_OP_PARALLELISM_THREADS"] == "1"
    training = {**serving, **training_environment()}
    assert training["TF_ENABLE_ONEDNN_OPTS"] == "1"
    assert training["TF_INTRA_OP_PARALLELISM_THREADS"] == "1"  # two processes, one per core
    assert training["RASA_MAX_CACHE_SIZE"] == "0"
    assert settings.environment({"TF_ENABLE_ONEDNN_OPTS": "1"})["TF_ENABLE_ONEDNN_OPTS"] == "1"


def test_rasa_sends_no_telemetry_unless_the_operator_turns_it_on(monkeypatch):
    from rasa.telemetry import is_telemetry_enabled

    for base, enabled in (({}, False), ({"RASA_TELEMETRY_ENABLED": "true"}, True)):
        monkeypatch.setenv("RASA_TELEMETRY_ENABLED",
                           settings.environment(base)["RASA_TELEMETRY_ENABLED"])
        assert is_telemetry_enabled() is enabled


def test_accessors_read_one_place_and_parse_once():
    assert settings.tracker_store_url({}) == settings.DEFAULTS["TRACKER_STORE_URL"]
    assert settings.tracker_store_url({"TRACKER_STORE_URL": " "}) == (
        settings.DEFAULTS["TRACKER_STORE_URL"])  # set but empty is unset
    assert settings.kb_database_url({"KB_DATABASE_URL": "sqlite:///x"}) == "sqlite:///x"
    assert settings.allowed_origins({"ALLOWED_ORIGINS": "https://a.org, https://b.org"}) == [
        "https://a.org", "https://b.org"]
    assert settings.flag("ENABLE_API", {}) is False
    assert settings.flag("ENABLE_API", {"ENABLE_API": "Yes"}) is True


def test_no_other_module_of_bot_reads_the_environment():
    import re

    from bot.paths import REPO_ROOT

    reading = re.compile(r"os\.environ\b(?!\.setdefault)|os\.getenv\b")
    readers = [path.relative_to(REPO_ROOT).as_posix()
               for path in sorted((REPO_ROOT / "bot").rglob("*.py"))
               if reading.search(path.read_text("utf-8"))]
    assert readers == ["bot/settings.py"]


def test_action_timeout_and_production_switch():
    from bot.settings import action_timeout, production

    assert action_timeout({}) == 10.0 and action_timeout({"ACTION_TIMEOUT": "2.5"}) == 2.5
    for wrong in ("0", "-1", "301", "ten"):
        with pytest.raises(ValueError, match="ACTION_TIMEOUT"):
            action_timeout({"ACTION_TIMEOUT": wrong})
    assert production({"PRODUCTION": "true"}) and not production({})
    with pytest.raises(ValueError, match="PRODUCTION"):
        production({"PRODUCTION": "prod"})  # a typo must not leave REST open
