"""The endpoints files: selected by RASA_ENDPOINTS, every ${VAR} in them has a default (Rasa
refuses to start on an unset one), and Rasa reads them into the stores they name."""

from __future__ import annotations

import re

import pytest
from rasa.utils.endpoints import read_endpoint_config

from bot.ops import launcher
from bot.paths import REPO_ROOT
from bot.settings import DEFAULTS, environment

ENDPOINT_FILES = sorted(REPO_ROOT.glob("endpoints*.yml"))
VARIABLE = re.compile(r"\$\{(\w+)\}")


def test_the_endpoints_file_comes_from_the_environment():
    env = environment({"RASA_ENDPOINTS": "endpoints.scale.yml", "RASA_PORT": "18999"})
    command = launcher.rasa_server_command(env)
    assert command[command.index("--endpoints") + 1] == "endpoints.scale.yml"
    default = launcher.rasa_server_command(environment({}))
    assert default[default.index("--endpoints") + 1] == "endpoints.yml"


@pytest.mark.parametrize("path", ENDPOINT_FILES, ids=lambda path: path.name)
def test_every_variable_has_a_default(path):
    variables = set(VARIABLE.findall(path.read_text("utf-8")))
    assert variables, f"{path.name} names no ${{VAR}}"
    assert variables <= set(DEFAULTS), f"no default for {variables - set(DEFAULTS)}"


@pytest.mark.parametrize("path", ENDPOINT_FILES, ids=lambda path: path.name)
def test_rasa_reads_the_stores_with_the_defaults(path, monkeypatch):
    for name, value in environment({}).items():
        monkeypatch.setenv(name, value)
    tracker_store = read_endpoint_config(str(path), "tracker_store")
    assert tracker_store.type == "bot.stores.tracker_store.UrlSQLTrackerStore"
    assert tracker_store.url == DEFAULTS["TRACKER_STORE_URL"]
    lock_store = read_endpoint_config(str(path), "lock_store")
    if path.name == "endpoints.scale.yml":
        assert lock_store.type == "bot.stores.lock_store.AtomicRedisLockStore"
        assert lock_store.kwargs["key_prefix"].isalnum()
    else:
        assert lock_store is None  # one instance: Rasa's in-memory lock store
